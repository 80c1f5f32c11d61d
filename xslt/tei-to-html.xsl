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
      occurrences (the register back-links, html/occurrences.xsl);
  - initial template h:batch (Q{urn:x-tei-edition:html}batch), with no
    source: the documents of $batch, an array of what mode h:parts gives
    each (the build's render groups: src/render/html.ts
    loadHtmlBatchRenderer).

  Modules (xslt/html/): common (mode, context, attributes), safety (URLs,
  ids), text, names (and the sidebar), notes, apparatus, header, fallback.

  Parameters: registerBase, personsPage, placesPage, orgsPage, registerLinks
  (names.xsl), documentId and batch (below), date-text, date-when and
  date-style (header.xsl), graphics (text.xsl), entityCache (names.xsl).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
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

  <!--
    Several documents in one transform (initial template h:batch, which
    src/render/html.ts loadHtmlBatchRenderer calls): SaxonJS prepares the
    whole compiled stylesheet again at each transform, and what it makes for
    that is garbage after it (README, Scale, the twenty-third pass). $batch:
    for each document, the map {'doc': the document, 'documentId',
    'date-text', 'date-when', 'graphics', 'documents'} (the parameters of the same names
    in a transform of one document). Each document comes with its options:
    documents given as a sequence of their own, apart from their options,
    did not keep their order once they had been through other transforms.
  -->
  <xsl:param name="batch" as="array(map(*))" select="[]"/>

  <!-- The documents of this transform: the batch's, or the source document. -->
  <xsl:variable name="h:docs" as="node()*" select="if (array:size($batch) gt 0) then $batch?* ! ?doc else /"/>

  <!--
    What the rendering of a document asks again and again, computed once per
    document: the maps h:doc-data makes, in the order of $h:docs (h:d finds
    a node's by its root).
  -->
  <xsl:variable name="h:data" as="array(map(*))" select="array {
    for $i in 1 to count($h:docs) return h:doc-data($h:docs[$i],
      if (array:size($batch) gt 0) then $batch($i)
      else map {'documentId': $documentId, 'date-text': $date-text, 'date-when': $date-when, 'graphics': $graphics, 'documents': $documents})}"/>

  <xsl:function name="h:d" as="map(*)?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="root" select="root($node)"/>
    <xsl:sequence select="(for $i in 1 to count($h:docs) return if ($h:docs[$i] is $root) then $h:data($i) else ())[1]"/>
  </xsl:function>

  <!--
    A document's map: 'texts' (the outermost text elements: one, except in a
    teiCorpus), 'numbered-notes', 'apps', 'variant-witnesses' (each asked
    for twice: the part and its count), 'lang', the note and block numbers
    (note-number.xsl, block-anchor.xsl), its entities and the links of its
    names (names.xsl), and its options.
  -->
  <xsl:function name="h:doc-data" as="map(*)">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="options" as="map(*)"/>
    <xsl:sequence select="
      let $texts := $root/descendant::text[not(ancestor::text)]
      return map:merge((h:name-data($root, $texts), $options, map {
        'texts': $texts,
        'numbered-notes': h:numbered-notes($texts),
        'apps': $texts//app,
        'variant-witnesses': h:variant-witnesses($texts),
        'lang': h:lang((($texts[1]/ancestor-or-self::*/@xml:lang)[last()], $root/*/@xml:lang, $root/*/teiHeader/profileDesc/langUsage/language[1]/@ident)[1]),
        'note-numbers': h:note-numbers($texts),
        'block-numbers': h:block-numbers($texts)}))"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="parts" as="map(*)">
      <xsl:call-template name="h:parts">
        <xsl:with-param name="items" select="h:entity-items(h:d(.))"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="h:document($parts, h:d(.))"/>
  </xsl:template>

  <!-- The build assembles pages from the parts and does not need them serialized twice. -->
  <xsl:param name="with-body" as="xs:boolean" select="true()"/>

  <xsl:template match="/" mode="h:parts">
    <xsl:variable name="d" select="h:d(.)"/>
    <!-- The sidebar's items, rendered once: its text, its tree (for the body) and what the entity cache keeps. -->
    <xsl:variable name="items" select="h:entity-items($d)"/>
    <xsl:variable name="parts" as="map(*)">
      <xsl:call-template name="h:parts">
        <!-- The sidebar as text comes from h:entities-html; its tree only for the body. -->
        <xsl:with-param name="entities-tree" select="$with-body"/>
        <xsl:with-param name="items" select="$items"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="map {
      'title': h:title-text(/),
      'lang': string($d?lang),
      'header': h:serialize($parts?header),
      'text': h:serialize($parts?text),
      'notes': h:serialize($parts?notes),
      'apparatus': h:serialize($parts?apparatus),
      'entities': h:entities-html($items),
      'body': if ($with-body) then h:serialize(h:document($parts, $d)) else '',
      'variantWitnesses': array { $d?variant-witnesses },
      'noteCount': count($d?numbered-notes),
      'variantCount': count($d?apps),
      'entityCount': count($d?named-entities),
      'occurrences': h:occurrences(/),
      'entityCacheAdditions': array { h:entity-cache-additions($items, $d) }}"/>
  </xsl:template>

  <!-- Each document of the batch as mode h:parts gives it, in an array. -->
  <xsl:template name="h:batch">
    <xsl:sequence select="array { $h:docs ! h:parts-of(.) }"/>
  </xsl:template>

  <xsl:function name="h:parts-of" as="map(*)">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:apply-templates select="$doc" mode="h:parts"/>
  </xsl:function>

  <xsl:function name="h:serialize" as="xs:string">
    <xsl:param name="fragment" as="element()?"/>
    <xsl:sequence select="if (exists($fragment)) then serialize($fragment, $h:serialization) else ''"/>
  </xsl:function>

  <!-- All parts, in page order, in one element. -->
  <xsl:function name="h:document" as="element()">
    <xsl:param name="parts" as="map(*)"/>
    <xsl:param name="d" as="map(*)"/>
    <div class="tei-document">
      <xsl:if test="$d?documentId">
        <xsl:attribute name="data-document" select="$d?documentId"/>
      </xsl:if>
      <xsl:if test="$d?lang">
        <xsl:attribute name="lang" select="$d?lang"/>
      </xsl:if>
      <xsl:sequence select="$parts?header, $parts?text, $parts?notes, $parts?apparatus, $parts?entities"/>
    </div>
  </xsl:function>

  <!-- The parts as trees, rendered from the document (the context item). -->
  <xsl:template name="h:parts" as="map(*)">
    <xsl:param name="entities-tree" as="xs:boolean" select="true()"/>
    <!-- The sidebar's items (h:entity-items). -->
    <xsl:param name="items" as="map(*)*"/>
    <xsl:variable name="d" select="h:d(.)"/>
    <xsl:variable name="header" as="element()">
      <xsl:call-template name="h:metadata"/>
    </xsl:variable>
    <xsl:variable name="text" as="element()">
      <xsl:call-template name="h:text"/>
    </xsl:variable>
    <xsl:variable name="notes" as="element()?">
      <xsl:call-template name="h:notes">
        <xsl:with-param name="notes" select="$d?numbered-notes"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="apparatus" as="element()?">
      <xsl:call-template name="h:apparatus">
        <xsl:with-param name="apps" select="$d?apps"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="entities" as="element()?">
      <xsl:if test="$entities-tree">
        <xsl:call-template name="h:entities">
          <xsl:with-param name="items" select="$items"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:sequence select="map {'header': $header, 'text': $text, 'notes': $notes, 'apparatus': $apparatus, 'entities': $entities}"/>
  </xsl:template>

  <!--
    The text as an <article>: lang, data-document, and data-variant-witnesses
    (the sigla of witnesses with readings, for the "Show FRUS readings" control).
  -->
  <xsl:template name="h:text">
    <xsl:variable name="d" select="h:d(.)"/>
    <xsl:variable name="witnesses" select="$d?variant-witnesses"/>
    <xsl:variable name="texts" select="$d?texts"/>
    <article class="tei-text">
      <xsl:if test="$d?lang">
        <xsl:attribute name="lang" select="$d?lang"/>
        <!-- The page is English, left to right: a text in a right-to-left language says so (c:dir). -->
        <xsl:if test="c:dir($d?lang) eq 'rtl'">
          <xsl:attribute name="dir" select="'rtl'"/>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$d?documentId">
        <xsl:attribute name="data-document" select="$d?documentId"/>
      </xsl:if>
      <xsl:if test="exists($witnesses)">
        <xsl:attribute name="data-variant-witnesses" select="string-join($witnesses, ' ')"/>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="count($texts) eq 1">
          <xsl:for-each select="$texts">
            <xsl:call-template name="h:attributes"/>
            <xsl:apply-templates mode="h:html"/>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="exists($texts)">
          <xsl:apply-templates select="$texts" mode="h:html"/>
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
