<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 → the plain-text edition (src/render/text.ts): one map, serialized
  as JSON by the xslt3 command line. What the map holds, and how the
  stylesheet makes it: xslt/text/parts.xsl (which
  tei-to-typst-and-text.xsl includes too, to make the text in the print
  edition's transform).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:t="urn:x-tei-edition:text"
  exclude-result-prefixes="#all">

  <xsl:include href="text/reading.xsl"/>
  <xsl:include href="common/ms-fields.xsl"/>
  <xsl:include href="common/notes.xsl"/>
  <xsl:include href="common/bibliography.xsl"/>
  <xsl:include href="text/parts.xsl"/>

  <xsl:output method="json" indent="yes"/>

  <xsl:mode use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:call-template name="t:parts"/>
  </xsl:template>

</xsl:stylesheet>
