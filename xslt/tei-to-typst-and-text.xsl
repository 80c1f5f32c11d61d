<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 → the print edition's Typst and the plain-text edition's parts, in
  one transform: what a build makes of a letter when it makes both (and no
  volume: then tei-to-typst-volume.xsl makes the print edition's Typst).

  The result is one map:
    typst  the document part of <id>.typ, as tei-to-typst.xsl writes it
           (its text output method adds nothing to the text it makes);
    text   the map of tei-to-text.xsl (xslt/text/parts.xsl).
  Parameters: those of tei-to-typst.xsl (meta, footnote-limit).

  Each transform of SaxonJS evaluates every global variable, prepares the
  whole compiled stylesheet, walks the document for each key and for the
  accumulators (note and apparatus numbers), and finds the texts: made once
  here, for the two outputs, not once for each.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:ty="urn:x-tei-edition:typst"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!--
    The TEI namespace as the default here too, though this module names no
    element: SaxonJS 2.7 reads the global variables of an imported module
    with the importing module's default namespace (without it, typst/text.xsl's
    $ty:endnotes (now $ty:note-settings) counted no note, and a letter of 1,001 notes had footnotes).
  -->

  <!-- It includes text/reading.xsl, common/ms-fields.xsl, common/notes.xsl and common/bibliography.xsl, which text/parts.xsl calls. -->
  <xsl:import href="tei-to-typst.xsl"/>
  <xsl:include href="text/parts.xsl"/>

  <xsl:template match="/">
    <xsl:call-template name="ty:print-and-text">
      <xsl:with-param name="meta-json" select="$meta"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    Several documents in one transform ($batch, typst/text.xsl: for each the
    map {'doc', 'meta'}): an array of what the transform of each alone gives.
  -->
  <xsl:template name="ty:batch">
    <xsl:sequence select="array { $batch?* ! ty:print-and-text-of(?doc, ?meta) }"/>
  </xsl:template>

  <xsl:function name="ty:print-and-text-of" as="map(*)">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="meta" as="xs:string"/>
    <xsl:for-each select="$doc">
      <xsl:call-template name="ty:print-and-text">
        <xsl:with-param name="meta-json" select="$meta"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:function>

  <!-- The map of both for the document (the context item), whose meta parameter is $meta-json. -->
  <xsl:template name="ty:print-and-text" as="map(*)">
    <xsl:param name="meta-json" as="xs:string"/>
    <!-- What both ask, found once: the texts (each a walk of the document), their apparatus entries and notes, the bibliography. -->
    <xsl:variable name="texts" as="element(text)*" select="//text[not(ancestor::text)]"/>
    <xsl:variable name="apps" as="element(app)*" select="$texts//app"/>
    <xsl:variable name="notes" as="element(note)*" select="$texts//note[not(ancestor::note)]"/>
    <xsl:variable name="entries" as="element()*" select="c:bibliography-entries(.)"/>
    <xsl:variable name="typst" as="xs:string">
      <xsl:value-of>
        <xsl:call-template name="ty:print">
          <xsl:with-param name="meta-json" select="$meta-json"/>
          <xsl:with-param name="made-text" select="()"/>
          <xsl:with-param name="texts" select="$texts"/>
          <xsl:with-param name="apps" select="$apps"/>
          <xsl:with-param name="notes" select="$notes"/>
          <xsl:with-param name="entries" select="$entries"/>
        </xsl:call-template>
      </xsl:value-of>
    </xsl:variable>
    <xsl:variable name="text" as="map(*)">
      <xsl:call-template name="t:parts">
        <xsl:with-param name="texts" select="$texts"/>
        <xsl:with-param name="apps" select="$apps"/>
        <xsl:with-param name="notes" select="$notes"/>
        <xsl:with-param name="entries" select="$entries"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="map { 'typst': $typst, 'text': $text }"/>
  </xsl:template>

</xsl:stylesheet>
