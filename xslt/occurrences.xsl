<?xml version="1.0" encoding="UTF-8"?>
<!--
  occurrences.xsl: where each register entry is named in the text, for the
  back-links of the register pages. One JSON array: for every name with a
  @ref into this document's registers, the entry's id and kind and the
  nearest identified block (paragraph, heading, note) to link back to.
  The HTML keeps TEI xml:ids as ids; notes are "note-n" + their number.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:h="urn:x-tei-edition:html"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:output method="json" indent="no"/>

  <!-- Note numbers exactly as the HTML numbers them (its ids are note-nN). -->
  <xsl:include href="html/note-number.xsl"/>
  <!-- Block anchors exactly as the HTML writes them (xml:id, else doc-bN). -->
  <xsl:include href="html/block-anchor.xsl"/>
  <xsl:mode use-accumulators="#all"/>

  <xsl:key name="entry" match="person | place | org" use="@xml:id"/>

  <xsl:template match="/">
    <xsl:sequence select="array {
      for $name in /TEI/text//*[@ref][not(ancestor::rdg)],
          $token in tokenize(normalize-space($name/@ref), ' ')[starts-with(., '#')]
      return
        let $entry := key('entry', substring($token, 2))[1],
            $note := $name/ancestor::note[last()],
            $anchored := ($name/ancestor::*[h:is-anchor-block(.)])[last()],
            $block := if ($anchored) then $anchored else ($name/ancestor::*[@xml:id][not(self::note or self::app or self::lem)])[last()]
        return if (empty($entry)) then () else map {
          'id': string($entry/@xml:id),
          'kind': local-name($entry),
          'anchor': if ($note) then 'note-n' || $note/accumulator-before('h:note-number')
                    else if ($block/@xml:id) then string($block/@xml:id)
                    else if ($block) then h:block-anchor($block) else '',
          'where': if ($note) then 'note ' || $note/accumulator-before('h:note-number') else local-name($block),
          'text': normalize-space($name)
        }
    }"/>
  </xsl:template>
</xsl:stylesheet>
