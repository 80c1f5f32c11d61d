<?xml version="1.0" encoding="UTF-8"?>
<!--
  For bench/html-parts.mjs only: xslt/tei-to-html.xsl with its h:parts mode
  replaced by one that renders a single part ($part) $times times in one
  transform. The difference between $times = K and $times = 1, divided by
  K - 1, is what that part costs per letter, without SaxonJS's fixed cost
  per transform call and without the global variables (computed once, in
  $warm): a stable figure even on a busy machine, to bisect the stylesheet
  by (replace a template, compare).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:import href="../xslt/tei-to-html.xsl"/>

  <xsl:param name="part" as="xs:string" select="'none'"/>
  <xsl:param name="times" as="xs:string" select="'1'"/>

  <xsl:template match="/" mode="h:parts">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="warm" select="count($h:numbered-notes) + count($h:apps) + count($h:named-entities) + map:size($h:entities)"/>
    <xsl:sequence select="$warm"/>
    <xsl:for-each select="1 to xs:integer($times)">
      <xsl:for-each select="$doc">
        <xsl:choose>
          <xsl:when test="$part eq 'header'">
            <xsl:variable name="x" as="element()">
              <xsl:call-template name="h:metadata">
                <xsl:with-param name="lang" select="$h:lang"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:sequence select="count($x//node())"/>
          </xsl:when>
          <xsl:when test="$part eq 'text'">
            <xsl:variable name="x" as="element()">
              <xsl:call-template name="h:text"/>
            </xsl:variable>
            <xsl:sequence select="count($x//node())"/>
          </xsl:when>
          <xsl:when test="$part eq 'text+serialize'">
            <xsl:variable name="x" as="element()">
              <xsl:call-template name="h:text"/>
            </xsl:variable>
            <xsl:sequence select="string-length(h:serialize($x))"/>
          </xsl:when>
          <xsl:when test="$part eq 'notes'">
            <xsl:variable name="x" as="element()?">
              <xsl:call-template name="h:notes">
                <xsl:with-param name="notes" select="$h:numbered-notes"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:sequence select="count($x//node())"/>
          </xsl:when>
          <xsl:when test="$part eq 'apparatus'">
            <xsl:variable name="x" as="element()?">
              <xsl:call-template name="h:apparatus">
                <xsl:with-param name="apps" select="$h:apps"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:sequence select="count($x//node())"/>
          </xsl:when>
          <xsl:when test="$part eq 'entities'">
            <xsl:variable name="x" as="element()?">
              <xsl:call-template name="h:entities"/>
            </xsl:variable>
            <xsl:sequence select="count($x//node())"/>
          </xsl:when>
          <xsl:when test="$part eq 'occurrences'">
            <xsl:sequence select="array:size(h:occurrences($doc))"/>
          </xsl:when>
          <xsl:otherwise/>
        </xsl:choose>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
