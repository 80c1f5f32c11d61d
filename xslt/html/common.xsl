<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by every module of tei-to-html.xsl: the HTML mode, the tunnel
  parameters that carry the rendering context, classes, and the attributes
  every rendered element gets.

  Rendering context (tunnel parameters, all optional):
  - context: where the output goes.
      'text'       the reading text (ids are emitted, notes become calls);
      'note'       the body of a note in the notes list (ids emitted;
                   notes inside it are rendered inline);
      'meta'       the metadata block (no ids; notes inline);
      'app-entry'  an entry of the apparatus list (no ids, no notes, no
                   variant markers, names without links).
  - inline: true when the HTML parent accepts only phrasing content (p, h2,
      span, a …). Block-like TEI elements then become <span class="… block">
      instead of <div>, so the output stays valid HTML and an HTML parser
      never closes a <p> early.
  - link: a map {'href', 'entity', 'ref'} when an enclosing name or ref
      could not become one <a> (it contains other links: names, note calls,
      variant markers); its text is then linked piece by piece (a.name-link),
      because HTML links cannot nest.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="h:html" on-no-match="text-only-copy" use-accumulators="#all"/>

  <xsl:include href="block-anchor.xsl"/>
  <xsl:include href="../common/blocks.xsl"/>

  <xsl:variable name="h:tei-ns" as="xs:string" select="'http://www.tei-c.org/ns/1.0'"/>

  <xsl:key name="h:id" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- An ISO date or date-time that HTML's datetime attribute understands ("1956", "1956-11-04", "1956-11-04T16:25Z"). -->
  <xsl:function name="h:is-datetime" as="xs:boolean">
    <xsl:param name="when" as="xs:string?"/>
    <xsl:sequence select="matches($when, '^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2})?)?)?)?$')"/>
  </xsl:function>


  <!-- Attributes that hold pointers (URLs): copied into data-* only when every pointer is safe. -->
  <xsl:variable name="h:pointer-attributes" as="xs:string*" static="yes" select="(
    'target', 'ref', 'url', 'facs', 'source', 'corresp', 'sameAs', 'synch', 'resp', 'who', 'wit', 'ana',
    'href', 'copyOf', 'next', 'prev', 'hand', 'scribeRef', 'scheme', 'spanTo', 'nymRef', 'decls',
    'rendition', 'inst', 'change', 'start', 'end', 'parts', 'select', 'exclude', 'edRef',
    'fromTarget', 'toTarget', 'origin', 'mutual', 'active', 'passive')"/>
  <!-- Written out as a map constructor at compile time, as common/blocks.xsl's $c:block-kind (SaxonJS evaluates a global variable in every transform). -->
  <xsl:variable name="h:is-pointer-attribute" as="map(xs:string, xs:boolean)"
    _select="map {{ {string-join($h:pointer-attributes ! ('''' || . || ''': true()'), ', ')} }}"/>

  <!-- Blocks (rendered as <div>, or as span.block inside phrasing content): the one list of every output, common/blocks.xsl. -->
  <xsl:function name="h:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="c:is-block($e)"/>
  </xsl:function>

  <!-- "tei-persName" for TEI elements, "ext-foo" for elements of any other namespace. -->
  <xsl:function name="h:class" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(if ($e/self::Q{http://www.tei-c.org/ns/1.0}*) then 'tei-' else 'ext-') || local-name($e)"/>
  </xsl:function>

  <!-- notBefore → data-not-before (what dataset.notBefore reads in a browser). -->
  <xsl:function name="h:data-name" as="xs:string">
    <xsl:param name="attribute-name" as="xs:string"/>
    <xsl:sequence select="'data-' || (if (lower-case($attribute-name) eq $attribute-name) then $attribute-name
      else lower-case(replace($attribute-name, '([a-z0-9])([A-Z])', '$1-$2')))"/>
  </xsl:function>

  <!--
    The attributes every rendered TEI element carries:
    - id from xml:id (through h:html-id), in the contexts 'text' and 'note' only,
      so that no id is written twice;
    - lang from xml:lang;
    - data-* for each attribute in no namespace (attributes in other namespaces
      are ignored), pointers only when h:safe-pointers accepts them, @style never.
    Of the context element. (Run for every rendered element, and SaxonJS
    evaluates each expression literally, at some microseconds each, and each
    parameter of a call: no parameter but the tunnelled context, and an
    element without attributes, the most frequent, asks as little as possible.)
  -->
  <xsl:template name="h:attributes">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:choose>
      <xsl:when test="empty(@*)">
        <!-- Blocks without xml:id still get an anchor, for the registers' back-links (block-anchor.xsl). -->
        <!-- (The element's name first: a test of the name costs far less than a call of a function.) -->
        <xsl:if test="$context eq 'text' and (self::p or self::ab or self::head or self::l or self::item or self::opener or self::closer or self::postscript) and h:is-anchor-block(.)">
          <xsl:attribute name="id" select="h:block-anchor(.)"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="@xml:id">
            <xsl:if test="$context eq 'text' or $context eq 'note'">
              <xsl:attribute name="id" select="h:html-id(string(@xml:id))"/>
            </xsl:if>
          </xsl:when>
          <xsl:when test="$context eq 'text' and h:is-anchor-block(.)">
            <xsl:attribute name="id" select="h:block-anchor(.)"/>
          </xsl:when>
        </xsl:choose>
        <xsl:call-template name="h:data-attributes"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The element's own id (its xml:id through h:html-id) on what renders a note
    in the notes list or a witness in the header, whose links within the page
    use generated ids (note-nN, wit-X): another letter's pointer to it
    (`other.xml#n-kew`, `other.xml#MS`) links `other.html#n-kew`, and lands
    on it rather than at the top of the page.
  -->
  <xsl:template name="h:own-id">
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="h:html-id(string(@xml:id))"/>
    </xsl:if>
  </xsl:template>

  <!-- h:attributes without the id: lang and data-* (for an element whose id the caller writes, or that has none). -->
  <xsl:template name="h:data-attributes">
    <xsl:if test="exists(@*)">
      <!-- (Most elements have no xml:lang: no call for them.) -->
      <xsl:for-each select="@xml:lang ! h:lang(.)">
        <xsl:attribute name="lang" select="."/>
      </xsl:for-each>
      <!-- Its direction where it differs from the one around it (common/within.xsl). -->
      <xsl:if test="@xml:lang ! h:lang(.) and c:turns(.)">
        <xsl:attribute name="dir" select="c:dir(@xml:lang)"/>
      </xsl:if>
      <!-- (A no-namespace name test and, mostly, one value comparison; SaxonJS evaluates both literally.) -->
      <xsl:for-each select="@Q{}*[local-name() ne 'style']">
        <xsl:variable name="pointer" select="map:contains($h:is-pointer-attribute, local-name())"/>
        <xsl:if test="not($pointer) or h:safe-pointers(string(.))">
          <!-- Most attribute names are lower case, and h:data-name only puts "data-" before them. -->
          <xsl:attribute name="{if (lower-case(local-name()) eq local-name()) then 'data-' || local-name() else h:data-name(local-name())}" select="if ($pointer) then normalize-space(.) else string(.)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!--
    A block-like element: <div> (or another flow element, $name) in flow
    content, its children may hold blocks; span.block inside phrasing
    content. The element's class, its attributes, its children.
    (h:block and h:inline each write the element themselves: a call with
    parameters costs SaxonJS several microseconds a parameter, and they run
    for most elements of a text.)
  -->
  <xsl:template name="h:block">
    <xsl:param name="name" as="xs:string" select="'div'"/>
    <xsl:param name="classes" as="xs:string*" select="()"/>
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <!-- (The most frequent case, a div in flow content, as a literal element: SaxonJS checks a computed name at each call.) -->
      <xsl:when test="not($inline) and $name eq 'div'">
        <div class="{string-join((h:class(.), $classes), ' ')}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="false()" tunnel="yes"/>
          </xsl:apply-templates>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if ($inline) then 'span' else $name}" namespace="http://www.w3.org/1999/xhtml">
          <xsl:attribute name="class" select="string-join((h:class(.), $classes, 'block'[$inline]), ' ')"/>
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="$inline" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A phrase-level element ($name, span by default): its children are phrasing content. -->
  <xsl:template name="h:inline">
    <xsl:param name="name" as="xs:string" select="'span'"/>
    <xsl:param name="classes" as="xs:string*" select="()"/>
    <xsl:choose>
      <!-- (The most frequent name, as a literal element: SaxonJS checks a computed name at each call.) -->
      <xsl:when test="$name eq 'span'">
        <span class="{if (empty($classes)) then h:class(.) else string-join((h:class(.), $classes), ' ')}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{$name}" namespace="http://www.w3.org/1999/xhtml">
          <xsl:attribute name="class" select="if (empty($classes)) then h:class(.) else string-join((h:class(.), $classes), ' ')"/>
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text: as text (escaped by the serializer); linked piece by piece inside a name that could not be one link. -->
  <xsl:template match="text()" mode="h:html">
    <xsl:call-template name="h:text-node"/>
  </xsl:template>

  <!--
    Text before a break inside a word (lb break="no"): without the white space that lays the source out
    ("Wahr&#10;   <lb break="no"/>scheinlich"), which put a space before the line end's hyphen ("Wahr -").
  -->
  <xsl:template match="text()[following-sibling::node()[1][self::lb[@break = 'no']]]" mode="h:html" priority="1">
    <xsl:call-template name="h:text-node">
      <xsl:with-param name="text" select="replace(., '\s+$', '')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="h:text-node">
    <xsl:param name="text" as="xs:string" select="string(.)"/>
    <xsl:param name="link" as="map(*)?" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="exists($link) and normalize-space($text)">
        <a class="name-link" href="{$link?href}">
          <xsl:if test="$link?ref">
            <xsl:attribute name="data-ref" select="$link?ref"/>
          </xsl:if>
          <xsl:if test="$link?entity">
            <xsl:attribute name="data-entity" select="$link?entity"/>
          </xsl:if>
          <xsl:value-of select="$text"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="h:html"/>

  <!-- Text the stylesheet adds (labels, brackets, numbers): marked so that tests and scripts can tell it from the TEI's text. -->
  <xsl:template name="h:generated">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="classes" as="xs:string*" select="()"/>
    <span class="{string-join(('generated', $classes), ' ')}">{$text}</span>
  </xsl:template>

</xsl:stylesheet>
