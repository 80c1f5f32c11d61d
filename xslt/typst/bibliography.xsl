<?xml version="1.0" encoding="UTF-8"?>
<!--
  The bibliography of standOff (common/bibliography.xsl) in the print
  edition: after the text and the apparatus, one entry per work (and per
  heading of a list), set by ed-bibliography (edition.typ); notes in an
  entry inline, as in the heading block.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ty="urn:x-tei-edition:typst"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:include href="../common/bibliography.xsl"/>

  <xsl:template name="ty:bibliography">
    <xsl:param name="entries" as="element()*" select="c:bibliography-entries(.)"/>
    <xsl:if test="exists($entries)">
      <xsl:text>#ed-bibliography(</xsl:text>
      <xsl:for-each select="$entries">
        <xsl:variable name="markup" as="xs:string">
          <xsl:value-of>
            <xsl:apply-templates mode="ty:inline">
              <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:value-of>
        </xsl:variable>
        <xsl:text>&#10;  [{normalize-space($markup)}],</xsl:text>
      </xsl:for-each>
      <xsl:text>&#10;)&#10;</xsl:text>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
