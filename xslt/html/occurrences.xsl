<?xml version="1.0" encoding="UTF-8"?>
<!--
  Where each register entry is named in the text, for the back-links of the
  register pages (src/site/summary.ts, Occurrence): for every name with a
  @ref into this document's registers, the entry's id and kind and the
  nearest identified block (paragraph, heading, note) to link back to.
  The HTML keeps TEI xml:ids as ids; notes are "note-n" + their number.

  Computed by the HTML rendering (the h:parts map's "occurrences", so that
  the build reads both from one transform, whose accumulators it shares) and
  by xslt/occurrences.xsl on its own. Needs the note numbers
  (note-number.xsl) and block anchors (block-anchor.xsl) that the HTML
  writes; the including stylesheet includes those once.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:h="urn:x-tei-edition:html"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all">


  <xsl:function name="h:occurrences" as="array(map(xs:string, xs:string))">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="array {
      for $name in $doc/TEI/text/descendant::*[@ref][not(ancestor::rdg)],
          $token in tokenize(normalize-space($name/@ref), ' ')[starts-with(., '#')]
      return
        let $entry := key('h:id', substring($token, 2), $doc)[self::person or self::place or self::org][1]
        return if (empty($entry)) then () else
        (: a name in a note links to the note; the block around it is looked for only otherwise :)
        let $note := $name/ancestor::note[last()]
        return if ($note) then
          let $n := h:note-number($note)
          return map {
            'id': string($entry/@xml:id),
            'kind': local-name($entry),
            'anchor': 'note-n' || $n,
            'where': 'note ' || $n,
            'text': normalize-space($name)
          }
        else
          (: the innermost h:is-anchor-block ancestor, asked only of the blocks: every ancestor of a name in TEI/text outside notes and readings is in text and in no note or reading :)
          let $anchored := $name/ancestor::*[self::p or self::ab or self::head or self::l or self::item or self::opener or self::closer or self::postscript][empty(ancestor::teiHeader)][1],
              $block := if ($anchored) then $anchored else ($name/ancestor::*[@xml:id][not(self::note or self::app or self::lem)])[last()]
          return map {
            'id': string($entry/@xml:id),
            'kind': local-name($entry),
            'anchor': if ($block/@xml:id) then h:html-id(string($block/@xml:id))
                      else if ($block) then h:block-anchor($block) else '',
            'where': local-name($block),
            'text': normalize-space($name)
          }
    }"/>
  </xsl:function>
</xsl:stylesheet>
