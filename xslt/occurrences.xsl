<?xml version="1.0" encoding="UTF-8"?>
<!--
  occurrences.xsl: where each register entry is named in the text, for the
  back-links of the register pages. One JSON array (see
  html/occurrences.xsl). The build takes the same array from the HTML
  rendering (tei-to-html.xsl, mode h:parts) and runs this stylesheet only
  when it renders no web page.
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
  <xsl:include href="html/occurrences.xsl"/>
  <!-- Ids as the page writes them (h:html-id: an id the page reserves for itself, "top", is "tei-top" there). -->
  <xsl:include href="html/safety.xsl"/>
  <!-- The index html/occurrences.xsl looks register entries up in (html/common.xsl declares it for the HTML). -->
  <xsl:key name="h:id" match="*[@xml:id]" use="string(@xml:id)"/>
  <!-- The outermost text elements, as tei-to-html.xsl has them, and what note-number.xsl and block-anchor.xsl number in them (h:d, as tei-to-html.xsl's, for its one document). -->
  <xsl:variable name="h:data" as="map(*)" select="
    let $texts := /descendant::text[not(ancestor::text)]
    return map {'note-numbers': h:note-numbers($texts), 'block-numbers': h:block-numbers($texts)}"/>
  <xsl:function name="h:d" as="map(*)">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$h:data"/>
  </xsl:function>
  <xsl:mode use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:sequence select="h:occurrences(/)"/>
  </xsl:template>
</xsl:stylesheet>
