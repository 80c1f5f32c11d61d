<?xml version="1.0" encoding="UTF-8"?>
<!--
  Any element without a template of its own still shows its text: TEI
  elements become <span class="tei-NAME"> (or a block, see c:block-names
  in common/blocks.xsl), elements of other namespaces <span class="ext-NAME">, with
  their children rendered. Nothing of a document's text is lost, whatever
  TEI it is.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:c="urn:x-tei-edition:common"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template match="*" mode="h:html" priority="-1">
    <xsl:choose>
      <!-- (c:is-block itself, not through h:is-block: one call less for every element without a rule.) -->
      <xsl:when test="c:is-block(.)">
        <xsl:call-template name="h:block"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="h:inline"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
