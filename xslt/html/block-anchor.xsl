<?xml version="1.0" encoding="UTF-8"?>
<!--
  An anchor for every block of the text a register can link back to, also
  when the block has no xml:id: its xml:id (as HTML id) if it has one, else
  "doc-b" + its number among such blocks in document order. Shared by the
  HTML rendering (the ids, through h:attributes) and occurrences.xsl (the
  back-links), so that both always agree. Blocks inside notes and readings
  are not numbered: a note is linked by its own id (note-nN), and readings
  are hidden in place.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:accumulator name="h:block-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//(p | ab | head | l | item | opener | closer | postscript)[not(ancestor::note or ancestor::rdg or ancestor::teiHeader)]" select="$value + 1"/>
  </xsl:accumulator>

  <!--
    The accumulator's numbers by generate-id (h:d(.)?block-numbers: made once per document), for the blocks of the text
    ($texts: the outermost text elements, so the same blocks in the same
    order): asking the accumulator makes SaxonJS walk the whole document
    testing every accumulator's rules at every node (see note-number.xsl).
    Up to 500 blocks only, as the note numbers and for the same reason: a
    generate-id costs in proportion to the node's preceding siblings (and
    its ancestors'), so a division of thousands of paragraphs made the map
    quadratic; beyond, the accumulator's linear walk.
  -->
  <xsl:function name="h:block-numbers" as="map(xs:string, xs:integer)?">
    <xsl:param name="texts" as="element()*"/>
    <xsl:sequence select="
    let $blocks := $texts/descendant::*[self::p or self::ab or self::head or self::l or self::item or self::opener or self::closer or self::postscript]
      [not(ancestor::note or ancestor::rdg or ancestor::teiHeader)]
    return if (count($blocks) gt 500) then () else map:merge($blocks ! map:entry(generate-id(.), position()))"/>
  </xsl:function>

  <xsl:function name="h:is-anchor-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <!-- Asked for every element rendered in the text: self:: tests, not a comparison with a list (slow in SaxonJS). -->
    <!-- (One walk up: the ancestors that are text, note, rdg or teiHeader; a text among them and nothing else.) -->
    <xsl:sequence select="exists($e[self::p or self::ab or self::head or self::l or self::item or self::opener or self::closer or self::postscript])
      and (let $around := $e/ancestor::*[self::text or self::note or self::rdg or self::teiHeader]
           return exists($around[self::text]) and empty($around[not(self::text)]))"/>
  </xsl:function>

  <!-- The generated id of a block without xml:id (callers use the xml:id when there is one). -->
  <xsl:function name="h:block-anchor" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="'doc-b' || (h:d($e)?block-numbers ! ?(generate-id($e)), $e/accumulator-before('h:block-number'))[1]"/>
  </xsl:function>
</xsl:stylesheet>
