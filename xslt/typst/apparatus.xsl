<?xml version="1.0" encoding="UTF-8"?>
<!--
  The apparatus of the print edition: one entry per app, in text order,
  "lemma] reading SIGLA; reading SIGLA", set after the text and keyed to its
  line numbers. The keys are computed by Typst at layout time
  (ed-app-lines in edition.typ), from the anchors that xslt/typst/text.xsl
  puts around each lemma; this module writes the entries.

  An empty lemma (a reading only another witness has) shows as "om. PPP"
  (the copy text's siglum), an empty reading as "om. FRUS". Lemmata and
  readings of more than six words are shortened to "first two … last two".
  Their characters are shown as the witnesses have them (no typographic
  quotation marks or dashes: the variant may be the quotation mark).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:ty="urn:x-tei-edition:typst"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template name="ty:apparatus">
    <xsl:param name="texts" as="element(text)*"/>
    <xsl:param name="apps" as="element(app)*" select="$texts//app"/>
    <xsl:if test="exists($apps)">
      <xsl:variable name="copy" select="t:copy-text-siglum(.)"/>
      <xsl:text>#ed-apparatus({if (exists($copy)) then ty:string($copy) else 'none'},</xsl:text>
      <xsl:for-each select="$apps">
        <!-- The lemma and each reading isolated in its direction (ty:isolated): the sigla and the next reading follow on the line. -->
        <xsl:text>&#10;  ({t:app-number(.)}, [{ty:isolated(ty:reading(lem[1], t:lemma-sigla(.), 'lemma'))}], [</xsl:text>
        <xsl:for-each select="rdg | rdgGrp/rdg">
          <xsl:variable name="sigla" select="ty:markup(string-join(t:sigla(@wit), ' '))"/>
          <xsl:variable name="text" select="ty:isolated(ty:reading(., t:sigla(@wit), 'reading'))"/>
          <xsl:text>{$text}{if (starts-with($text, '#ed-om')) then '' else ' ' || $sigla}{if (position() ne last()) then '; ' else ''}</xsl:text>
        </xsl:for-each>
        <xsl:text>]),</xsl:text>
      </xsl:for-each>
      <xsl:text>&#10;)&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- A lemma or reading as markup; "om. SIGLA" when it has no text. -->
  <xsl:function name="ty:reading" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:param name="sigla" as="xs:string*"/>
    <xsl:param name="in" as="xs:string"/>
    <xsl:variable name="plain" select="normalize-space(string-join($e//text()[not(ancestor::note[ancestor::* intersect $e])]))"/>
    <xsl:choose>
      <xsl:when test="$plain = ''">#ed-om[{ty:markup(string-join($sigla, ' '))}]</xsl:when>
      <xsl:when test="count(tokenize($plain, ' ')) gt 6">{ty:literal(t:abbreviate($plain))}</xsl:when>
      <xsl:otherwise>
        <xsl:variable name="markup" as="xs:string">
          <xsl:value-of>
            <xsl:apply-templates select="$e/node()" mode="ty:inline">
              <xsl:with-param name="in" select="$in" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:value-of>
        </xsl:variable>
        <xsl:sequence select="normalize-space($markup)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

</xsl:stylesheet>
