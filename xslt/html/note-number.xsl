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
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:accumulator name="h:note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//note[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>
</xsl:stylesheet>
