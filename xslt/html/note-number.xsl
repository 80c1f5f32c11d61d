<?xml version="1.0" encoding="UTF-8"?>
<!--
  The number of each note of the text: notes not inside other notes, in
  document order. Shared by the HTML rendering (note calls, note-nN ids) and
  by occurrences.xsl (back-links from the registers into notes), so that
  both always agree.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:accumulator name="h:note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//note[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!--
    The numbers by generate-id (h:d(.)?note-numbers: made once per document): what the accumulator gives a numbered note
    (its position among them). Asking an accumulator makes SaxonJS walk the
    whole document (header and copied register entries included) testing
    every rule of every accumulator at every node, ~2 ms a generated letter;
    these are the notes of the text ($texts: the outermost text elements),
    which the HTML walks anyway. Any other note (inside a note, outside the
    text) still asks the accumulator.
    Only up to 500 notes: SaxonJS's generate-id counts the preceding
    siblings of the node and of each of its ancestors, so in a division of
    thousands of paragraphs it costs in proportion to the paragraphs and the
    map grew with the square of the notes (a letter of 10,000 notes, each
    in a paragraph of one division: 15-18 s of the web page's transform,
    and 2.5 times that at 20,000). Beyond 500 the accumulator alone, whose
    one walk is linear; below, the square is bounded (at most some 10^5
    sibling steps) and cheaper than the walk.
  -->
  <xsl:function name="h:note-numbers" as="map(xs:string, xs:integer)?">
    <xsl:param name="texts" as="element()*"/>
    <xsl:sequence select="let $notes := $texts/descendant::note[not(ancestor::note)]
      return if (count($notes) gt 500) then () else map:merge($notes ! map:entry(generate-id(.), position()))"/>
  </xsl:function>

  <xsl:function name="h:note-number" as="xs:integer">
    <xsl:param name="note" as="element()"/>
    <!-- A lookup in no map (beyond 500 notes) is empty, and generate-id is then not asked. -->
    <xsl:sequence select="(h:d($note)?note-numbers ! ?(generate-id($note)), $note/accumulator-before('h:note-number'))[1]"/>
  </xsl:function>
</xsl:stylesheet>
