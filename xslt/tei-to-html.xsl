<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 → HTML fragments for a document page (HTML like CETEIcean, pages
  like history.state.gov): metadata block, text, notes, apparatus, and a
  sidebar of the persons, places and organisations named.

  Every rendered TEI element keeps its name as a class (tei-persName) and its
  attributes as data-* (data-when, data-type, data-wit …); text the
  stylesheet adds is marked class="generated". Elements are in the XHTML
  namespace and the output is serialized as XHTML5 (well-formed XML that is
  also valid HTML syntax), indented, without an XML declaration.

  Entry points:
  - default mode, on the document: one <div class="tei-document"> holding
    all parts (for the xslt3 command line and other processors);
  - mode h:parts (initial mode Q{urn:x-tei-edition:html}parts), on the
    document: a map of the parts, each serialized separately, which is what
    src/render/html.ts uses:
      title (plain text), lang, header, text, notes, apparatus, entities,
      body (all parts in one div, as in the default mode),
      variantWitnesses (sigla), noteCount, variantCount, entityCount,
      occurrences (the register back-links, html/occurrences.xsl).

  Modules (xslt/html/): common (mode, context, attributes), safety (URLs,
  ids), text, names (and the sidebar), notes, apparatus, header, fallback.

  Parameters: registerBase, personsPage, placesPage, orgsPage, registerLinks
  (names.xsl) and documentId (below).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:include href="html/common.xsl"/>
  <xsl:include href="html/safety.xsl"/>
  <xsl:include href="html/text.xsl"/>
  <xsl:include href="html/names.xsl"/>
  <xsl:include href="html/notes.xsl"/>
  <xsl:include href="html/apparatus.xsl"/>
  <xsl:include href="html/header.xsl"/>
  <xsl:include href="html/bibliography.xsl"/>
  <xsl:include href="html/fallback.xsl"/>
  <xsl:include href="html/occurrences.xsl"/>

  <!-- The document's id in the edition (data-document on the article); free text, escaped like all text. -->
  <xsl:param name="documentId" as="xs:string" select="''"/>

  <xsl:output method="xhtml" html-version="5" indent="yes" omit-xml-declaration="yes" encoding="UTF-8"/>

  <xsl:variable name="h:serialization" as="map(*)" select="map {
    'method': 'xhtml', 'html-version': 5.0, 'indent': true(), 'omit-xml-declaration': true()}"/>

  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="h:parts" use-accumulators="#all"/>

  <!-- The outermost text elements (one, except in a teiCorpus). -->
  <xsl:variable name="h:texts" as="element()*" select="/descendant::text[not(ancestor::text)]"/>

  <!-- Each asked for twice (the part and its count): computed once per document. -->
  <xsl:variable name="h:numbered-notes" as="element()*" select="h:numbered-notes($h:texts)"/>
  <xsl:variable name="h:apps" as="element()*" select="$h:texts//app"/>
  <xsl:variable name="h:variant-witnesses" as="xs:string*" select="h:variant-witnesses($h:texts)"/>

  <xsl:variable name="h:lang" as="xs:string?" select="
    h:lang((($h:texts[1]/ancestor-or-self::*/@xml:lang)[last()], (/*/@xml:lang))[1])"/>

  <xsl:template match="/">
    <xsl:variable name="parts" as="map(*)">
      <xsl:call-template name="h:parts"/>
    </xsl:variable>
    <xsl:sequence select="h:document($parts)"/>
  </xsl:template>

  <!-- The build assembles pages from the parts and does not need them serialized twice. -->
  <xsl:param name="with-body" as="xs:boolean" select="true()"/>

  <xsl:template match="/" mode="h:parts">
    <xsl:variable name="parts" as="map(*)">
      <xsl:call-template name="h:parts">
        <!-- The sidebar as text comes from h:entities-html; its tree only for the body. -->
        <xsl:with-param name="entities-tree" select="$with-body"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="map {
      'title': h:title-text(/),
      'lang': string($h:lang),
      'header': h:serialize($parts?header),
      'text': h:serialize($parts?text),
      'notes': h:serialize($parts?notes),
      'apparatus': h:serialize($parts?apparatus),
      'entities': h:entities-html(),
      'body': if ($with-body) then h:serialize(h:document($parts)) else '',
      'variantWitnesses': array { $h:variant-witnesses },
      'noteCount': count($h:numbered-notes),
      'variantCount': count($h:apps),
      'entityCount': count($h:named-entities),
      'occurrences': h:occurrences(/),
      'entityCacheAdditions': array { h:entity-cache-additions() }}"/>
  </xsl:template>

  <xsl:function name="h:serialize" as="xs:string">
    <xsl:param name="fragment" as="element()?"/>
    <xsl:sequence select="if (exists($fragment)) then serialize($fragment, $h:serialization) else ''"/>
  </xsl:function>

  <!-- All parts, in page order, in one element. -->
  <xsl:function name="h:document" as="element()">
    <xsl:param name="parts" as="map(*)"/>
    <div class="tei-document">
      <xsl:if test="$documentId">
        <xsl:attribute name="data-document" select="$documentId"/>
      </xsl:if>
      <xsl:if test="$h:lang">
        <xsl:attribute name="lang" select="$h:lang"/>
      </xsl:if>
      <xsl:sequence select="$parts?header, $parts?text, $parts?notes, $parts?apparatus, $parts?entities"/>
    </div>
  </xsl:function>

  <!-- The parts as trees, rendered from the document (the context item). -->
  <xsl:template name="h:parts" as="map(*)">
    <xsl:param name="entities-tree" as="xs:boolean" select="true()"/>
    <xsl:variable name="header" as="element()">
      <xsl:call-template name="h:metadata">
        <xsl:with-param name="lang" select="$h:lang"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="text" as="element()">
      <xsl:call-template name="h:text"/>
    </xsl:variable>
    <xsl:variable name="notes" as="element()?">
      <xsl:call-template name="h:notes">
        <xsl:with-param name="notes" select="$h:numbered-notes"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="apparatus" as="element()?">
      <xsl:call-template name="h:apparatus">
        <xsl:with-param name="apps" select="$h:apps"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="entities" as="element()?">
      <xsl:if test="$entities-tree">
        <xsl:call-template name="h:entities"/>
      </xsl:if>
    </xsl:variable>
    <xsl:sequence select="map {'header': $header, 'text': $text, 'notes': $notes, 'apparatus': $apparatus, 'entities': $entities}"/>
  </xsl:template>

  <!--
    The text as an <article>: lang, data-document, and data-variant-witnesses
    (the sigla of witnesses with readings, for the "Show FRUS readings" control).
  -->
  <xsl:template name="h:text">
    <xsl:variable name="witnesses" select="$h:variant-witnesses"/>
    <article class="tei-text">
      <xsl:if test="$h:lang">
        <xsl:attribute name="lang" select="$h:lang"/>
      </xsl:if>
      <xsl:if test="$documentId">
        <xsl:attribute name="data-document" select="$documentId"/>
      </xsl:if>
      <xsl:if test="exists($witnesses)">
        <xsl:attribute name="data-variant-witnesses" select="string-join($witnesses, ' ')"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="count($h:texts) eq 1">
          <xsl:for-each select="$h:texts">
            <xsl:call-template name="h:attributes"/>
            <xsl:apply-templates mode="h:html"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="exists($h:texts)">
          <xsl:apply-templates select="$h:texts" mode="h:html"/>
        </xsl:when>
        <xsl:otherwise>
          <!-- Not a TEI document with a text: render whatever it is, so that nothing is lost. -->
          <xsl:apply-templates select="/*" mode="h:html"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="h:bibliography"/>
    </article>
  </xsl:template>

</xsl:stylesheet>
