<?xml version="1.0" encoding="UTF-8"?>
<!--
  The critical apparatus (parallel segmentation).

  In the text, each app shows its lemma; the readings are there too, hidden,
  so that a control can show a witness's text in place:

    <span class="app tei-app" id="app-app5" data-app="app5">
      <span class="lem tei-lem" data-wit="#PPP">the</span>
      <span class="rdg tei-rdg" data-wit="#FRUS" hidden="hidden">me</span>
    </span><a class="app-marker generated" href="#var-app5" aria-label="Variant e">e</a>

  The article carries data-variant-witnesses="FRUS" (the sigla that have
  readings). Showing FRUS in place = the page's script adds a class to the
  article; the assembler's CSS then shows .rdg[data-wit~="#FRUS"] and hides
  the .lem of the same .app.

  Under the text, the apparatus list in the classic form "lemma] reading
  SIGLUM" (an empty lemma is "om."; an empty reading "om."):

    <section class="apparatus" aria-labelledby="doc-variants-heading">
      <h2 id="doc-variants-heading" class="generated">Variants</h2>
      <ol class="apparatus-list" type="a">
        <li id="var-app5" class="app-entry" value="5" data-app="app5">
          <span class="app-lem">the</span>] <span class="app-reading"><span
          class="app-rdg">me</span> <span class="app-wit"><a class="siglum"
          href="#wit-FRUS">FRUS</a></span></span> <a class="backlink generated"
          href="#app-app5" role="doc-backlink" aria-label="Back to text">↩</a></li>

  Variants are counted by an accumulator and labelled a, b, c …
  (the key of an app is its xml:id through h:html-id, else its number).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:accumulator name="h:app-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//app" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="h:app-key" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="if ($app/@xml:id) then h:html-id(string($app/@xml:id)) else string($app/accumulator-before('h:app-number'))"/>
  </xsl:function>

  <xsl:function name="h:app-label" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:number value="$app/accumulator-before('h:app-number')" format="a"/>
  </xsl:function>

  <!--
    The witnesses of a reading, as sigla: the ids its @wit points to with
    "#id" (other pointers, e.g. to witnesses in another file, are shown as
    they are; unsafe values not at all).
  -->
  <xsl:function name="h:sigla" as="xs:string*">
    <xsl:param name="wit" as="attribute()?"/>
    <xsl:sequence select="if (h:safe-pointers($wit)) then tokenize(normalize-space($wit)) ! replace(., '^#', '') else ()"/>
  </xsl:function>

  <!-- Sigla of this document's witnesses that have readings, in the order of listWit, then in order of appearance. -->
  <xsl:function name="h:variant-witnesses" as="xs:string*">
    <xsl:param name="texts" as="element()*"/>
    <xsl:variable name="used" select="distinct-values($texts//rdg/@wit[h:safe-pointers(.)]
      ! tokenize(normalize-space(.))[matches(., '^#[^#\s]+$')] ! substring(., 2))"/>
    <!-- (Without readings, no walk of the whole document for its witnesses: most letters have none.) -->
    <xsl:variable name="declared" select="if (empty($used)) then () else ($texts/root()//witness/@xml:id ! string(.))[. = $used]"/>
    <xsl:sequence select="distinct-values(($declared, $used))"/>
  </xsl:function>

  <xsl:template match="app" mode="h:html">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:choose>
      <!-- Inside an apparatus entry, a nested app shows its lemma only (it has an entry of its own). -->
      <xsl:when test="$context eq 'app-entry' or not(ancestor::text)">
        <xsl:apply-templates select="lem/node()" mode="h:html"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="key" select="h:app-key(.)"/>
        <span class="app {h:class(.)}" id="app-{$key}" data-app="{$key}">
          <xsl:call-template name="h:data-attributes"/>
          <xsl:if test="empty(lem)">
            <span class="lem"></span>
          </xsl:if>
          <xsl:apply-templates select="lem | rdg | rdgGrp/rdg" mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
        <xsl:choose>
          <!--
            An empty lemma (text only another witness has, e.g. FRUS's date line):
            a caret and the sigla mark the place where the reading would stand,
            rather than a lone letter.
          -->
          <xsl:when test="not(normalize-space(string-join(lem//text(), ''))) and empty(lem//*[not(self::note)])">
            <xsl:variable name="sigla" select="distinct-values((rdg | rdgGrp/rdg)/@wit ! h:sigla(.))"/>
            <a class="app-marker generated empty-lemma" href="#var-{$key}"><span aria-hidden="true">‸</span><span class="visually-hidden">Variant </span>{h:app-label(.)}<span class="visually-hidden">, a reading only in</span><span class="marker-wit"> {string-join($sigla, ' ')}</span></a>
          </xsl:when>
          <xsl:otherwise>
            <a class="app-marker generated" href="#var-{$key}" aria-label="Variant {h:app-label(.)}">{h:app-label(.)}</a>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="lem" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="classes" select="'lem'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="rdg" mode="h:html">
    <span class="rdg {h:class(.)}" hidden="hidden">
      <xsl:call-template name="h:attributes"/>
      <xsl:apply-templates mode="h:html">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </span>
  </xsl:template>

  <!-- Notes on a reading belong to the apparatus list, not to the text. -->
  <xsl:template match="witDetail" mode="h:html"/>

  <xsl:template name="h:apparatus">
    <xsl:param name="apps" as="element()*"/>
    <xsl:if test="exists($apps)">
      <section class="apparatus" aria-labelledby="doc-variants-heading">
        <h2 id="doc-variants-heading" class="generated">Variants</h2>
        <ol class="apparatus-list" type="a">
          <xsl:for-each select="$apps">
            <xsl:variable name="key" select="h:app-key(.)"/>
            <li id="var-{$key}" class="app-entry" value="{accumulator-before('h:app-number')}" data-app="{$key}">
              <span class="app-lem">
                <xsl:call-template name="h:reading">
                  <xsl:with-param name="reading" select="lem"/>
                </xsl:call-template>
              </span>
              <xsl:text>] </xsl:text>
              <xsl:for-each select="rdg | rdgGrp/rdg">
                <xsl:variable name="doc" select="root(.)"/>
                <xsl:if test="position() gt 1">; </xsl:if>
                <span class="app-reading">
                  <span class="app-rdg">
                    <xsl:call-template name="h:reading">
                      <xsl:with-param name="reading" select="."/>
                    </xsl:call-template>
                  </span>
                  <xsl:text> </xsl:text>
                  <span class="app-wit">
                    <xsl:for-each select="h:sigla(@wit)">
                      <xsl:if test="position() gt 1">
                        <xsl:text> </xsl:text>
                      </xsl:if>
                      <xsl:call-template name="h:siglum">
                        <xsl:with-param name="siglum" select="."/>
                        <xsl:with-param name="doc" select="$doc"/>
                      </xsl:call-template>
                    </xsl:for-each>
                  </span>
                </span>
              </xsl:for-each>
              <xsl:for-each select="witDetail">
                <xsl:text> </xsl:text>
                <span class="{h:class(.)}">
                  <xsl:apply-templates mode="h:html">
                    <xsl:with-param name="context" select="'app-entry'" tunnel="yes"/>
                    <xsl:with-param name="inline" select="true()" tunnel="yes"/>
                  </xsl:apply-templates>
                </span>
              </xsl:for-each>
              <xsl:text> </xsl:text>
              <a class="backlink generated" href="#app-{$key}" role="doc-backlink" aria-label="Back to text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- A lemma or reading in the apparatus list: its text, or "om." when it has none. -->
  <xsl:template name="h:reading">
    <xsl:param name="reading" as="element()?"/>
    <xsl:choose>
      <xsl:when test="normalize-space(string($reading)) or $reading//(gap | graphic | pb | lb)">
        <xsl:apply-templates select="$reading/node()" mode="h:html">
          <xsl:with-param name="context" select="'app-entry'" tunnel="yes"/>
          <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          <xsl:with-param name="link" select="()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <i class="om">om.</i>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="h:siglum">
    <xsl:param name="siglum" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="witness" select="key('h:id', $siglum, $doc)[self::witness][1]"/>
    <xsl:choose>
      <xsl:when test="$witness">
        <a class="siglum" href="#wit-{h:html-id($siglum)}">{$siglum}</a>
      </xsl:when>
      <xsl:otherwise>
        <span class="siglum">{$siglum}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
