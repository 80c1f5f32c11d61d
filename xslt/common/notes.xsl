<?xml version="1.0" encoding="UTF-8"?>
<!--
  Where a note's call stands, for every output (web, print, text).

  A note stands where it is written, unless it is kept apart from the text
  (in back matter or a division of notes, not inside a paragraph) and its
  @target points to an element of the text: then its call stands at that
  element (after it; at an anchor, in its place), and nothing stands where
  the note is written. Stand-off notes of other editions (notes in back
  pointing to anchors) are placed as their encoders meant.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:include href="within.xsl"/>

  <xsl:key name="c:id" match="*[@xml:id]" use="string(@xml:id)"/>
  <xsl:key name="c:notes-by-target" match="note[@target][c:is-stand-off-note(.)]"
    use="tokenize(normalize-space(@target))[starts-with(., '#')] ! substring(., 2)"/>

  <!-- A note written apart from the text flow: its parent is a division or a group of notes, not a paragraph or phrase. -->
  <xsl:function name="c:is-stand-off-note" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists($note/parent::*[self::back or self::front or self::body or self::div or self::div1 or self::div2 or self::div3
      or self::noteGrp or self::listAnnotation or self::text])"/>
  </xsl:function>

  <!-- The element of the text whose place the note's call takes, or () when the note stands where it is written. -->
  <xsl:function name="c:note-place" as="element()?">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="if (c:is-stand-off-note($note) and $note/@target) then
      (tokenize(normalize-space($note/@target))[starts-with(., '#')] ! key('c:id', substring(., 2), root($note)))[ancestor::text][not(ancestor-or-self::note)][1]
      else ()"/>
  </xsl:function>

  <!-- The notes whose calls stand at this element. -->
  <xsl:function name="c:notes-placed-at" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/@xml:id) then key('c:notes-by-target', string($e/@xml:id), root($e))[c:note-place(.) is $e] else ()"/>
  </xsl:function>
</xsl:stylesheet>
