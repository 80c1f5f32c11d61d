<?xml version="1.0" encoding="UTF-8"?>
<!--
  The bibliography of standOff (common/bibliography.xsl) in the web
  edition: a section after the text, one list item per work (its xml:id as
  the item's id, so that a ref or rs pointing to it links there), headings
  of the lists as items of their own. Notes inside an entry stay in it.
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

  <xsl:include href="../common/bibliography.xsl"/>

  <xsl:template name="h:bibliography">
    <xsl:variable name="entries" select="c:bibliography-entries(.)"/>
    <xsl:if test="exists($entries)">
      <section class="bibliography" aria-labelledby="doc-bibliography-heading">
        <h2 id="doc-bibliography-heading" class="generated">Bibliography</h2>
        <ul class="bibliography-list">
          <xsl:for-each select="$entries">
            <li class="{h:class(.)} {if (self::head) then 'bibliography-head' else 'bibliography-entry'}">
              <xsl:call-template name="h:attributes">
                <xsl:with-param name="context" select="'note'" tunnel="yes"/>
              </xsl:call-template>
              <xsl:apply-templates mode="h:html">
                <xsl:with-param name="context" select="'note'" tunnel="yes"/>
                <xsl:with-param name="inline" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A work of the bibliography, as a link target: its entry on this page. -->
  <xsl:function name="h:is-cited-work" as="xs:boolean">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="exists($e[self::bibl or self::biblStruct or self::msDesc][@xml:id][parent::listBibl][ancestor::standOff]
      [not(ancestor::bibl or ancestor::biblStruct or ancestor::msDesc)][normalize-space()])"/>
  </xsl:function>
</xsl:stylesheet>
