<?xml version="1.0" encoding="UTF-8"?>
<!--
  The editorial parts of the print edition around the text: the heading
  block (title, subtitle, metadata rows, source note) and the edition notice
  at the end.

  Title, subtitle and the metadata rows (sender, recipient, dates) come from
  the document model, through the parameter $ty:meta (see
  tei-to-typst.xsl), so that the print and text editions say the same. The
  source note and the edition notice are read from the teiHeader here,
  because they keep the markup of the references (titles in italics, links).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:ty="urn:x-tei-edition:typst"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:template name="ty:heading-block">
    <xsl:param name="meta" as="map(*)"/>
    <!-- The texts of the document (outermost), when the caller has them already. -->
    <xsl:param name="texts" as="element(text)*" select="//text[not(ancestor::text)]"/>
    <xsl:param name="apps" as="element(app)*" select="$texts//app"/>
    <xsl:param name="notes" as="element(note)*" select="$texts//note[not(ancestor::note)]"/>
    <!-- Each value isolated in its direction (ty:isolated): the TEI's text and the model's. -->
    <xsl:text>#ed-title[{ty:markup(ty:isolated($meta?title))}]&#10;</xsl:text>
    <xsl:if test="$meta?subtitle">#ed-subtitle[{ty:markup(ty:isolated($meta?subtitle))}]&#10;</xsl:if>
    <xsl:if test="array:size($meta?rows) gt 0">
      <xsl:text>#ed-metadata(</xsl:text>
      <xsl:for-each select="$meta?rows?*">
        <xsl:text>&#10;  ([{ty:markup(.(1))}], [{ty:markup(ty:isolated(.(2)))}]),</xsl:text>
      </xsl:for-each>
      <xsl:text>&#10;)&#10;</xsl:text>
    </xsl:if>
    <xsl:text>#ed-source-note[&#10;</xsl:text>
    <xsl:call-template name="ty:source-note"/>
    <xsl:text>#ed-typography-notice(copy-text: {exists(t:witnesses(.)[t:has-role(., 'copy-text')])}, </xsl:text>
    <xsl:text>apparatus: {exists($apps)}, </xsl:text>
    <xsl:text>editorial-notes: {exists($notes) and (every $n in $notes satisfies ($n/@type = 'editorial' or $n/@resp))})&#10;]&#10;</xsl:text>
    <xsl:text>#ed-rule&#10;</xsl:text>
  </xsl:template>

  <!--
    The source note: the copy text, then the other witnesses, each with its
    siglum, role, full reference and note; without a witness list, the
    sourceDesc as it stands.
  -->
  <xsl:template name="ty:source-note">
    <xsl:variable name="witnesses" select="t:witnesses(.)"/>
    <xsl:variable name="copy" select="$witnesses[t:has-role(., 'copy-text')]"/>
    <xsl:variable name="others" select="$witnesses except $copy"/>
    <xsl:for-each select="$copy">
      <xsl:text>*Source.* Copy text \({ty:markup(@xml:id)}\): </xsl:text>
      <xsl:call-template name="ty:witness"/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$others">
      <xsl:variable name="roles" select="for $r in tokenize(normalize-space(@ana), ' ') return replace($r, '^.*#', '')"/>
      <xsl:variable name="roles" select="$roles ! (if (. = 'preferred-citation') then 'preferred for citation' else replace(., '-', ' '))"/>
      <xsl:if test="position() = 1">*{if (exists($copy)) then 'Other witnesses' else 'Witnesses'}.* </xsl:if>
      <xsl:text>{ty:markup(@xml:id || (if (exists($roles)) then ' (' || string-join($roles, ', ') || ')' else ''))}: </xsl:text>
      <xsl:call-template name="ty:witness"/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:if test="empty($witnesses)">
      <!-- One paragraph per part of the sourceDesc; a manuscript description as labelled fields. -->
      <xsl:for-each select="/TEI/teiHeader/fileDesc/sourceDesc/*">
        <xsl:variable name="source" as="xs:string">
          <xsl:choose>
            <xsl:when test="self::msDesc">
              <xsl:value-of select="string-join(c:ms-fields(.) ! ('_' || ty:markup(?label) || ':_ ' || ty:markup(ty:isolated(?value)) || (if (matches(?value, '[.!?]$')) then '' else '\.')), ' ')"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of>
                <xsl:apply-templates select="node()" mode="ty:inline">
                  <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
                </xsl:apply-templates>
              </xsl:value-of>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="normalize-space($source)">{if (position() = 1) then '*Source.* ' else ''}{normalize-space($source)}&#10;&#10;</xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ty:witness">
    <xsl:variable name="reference" as="xs:string">
      <xsl:value-of>
        <xsl:apply-templates select="(bibl | biblStruct | msDesc | p | ab)/node()" mode="ty:inline">
          <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:value-of>
    </xsl:variable>
    <xsl:variable name="note" as="xs:string">
      <xsl:value-of>
        <xsl:apply-templates select="note/node()" mode="ty:inline">
          <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:value-of>
    </xsl:variable>
    <xsl:variable name="plain" select="normalize-space(string-join((bibl | biblStruct | msDesc | p | ab)//text()))"/>
    <xsl:text>{normalize-space($reference)}{if (matches($plain, '[.!?]$') or $plain = '') then '' else '\.'}</xsl:text>
    <xsl:if test="normalize-space($note)"> {normalize-space($note)}</xsl:if>
  </xsl:template>

  <!-- ============================================================ edition notice -->

  <xsl:template name="ty:edition-notice">
    <xsl:variable name="publication" select="/TEI/teiHeader/fileDesc/publicationStmt"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:for-each select="/TEI/teiHeader/fileDesc/titleStmt/respStmt">
        <xsl:sequence select="ty:markup(ty:isolated(ty:upper-first(normalize-space(string-join(resp//text(), '')))) || ': '
          || string-join((persName | orgName | name) ! ty:isolated(normalize-space()), ', '))"/>
      </xsl:for-each>
      <xsl:variable name="published" select="string-join(($publication/(publisher | distributor | authority)/normalize-space(), $publication/pubPlace/normalize-space(), $publication/date/normalize-space())[. ne ''] ! ty:isolated(.), ', ')"/>
      <xsl:if test="$published">{ty:markup('Published by ' || $published || '.')}</xsl:if>
      <xsl:for-each select="$publication/idno[normalize-space()]">
        <xsl:sequence select="ty:markup('Identifier' || (if (@type) then ' (' || ty:isolated(normalize-space(@type)) || ')' else '') || ': ' || ty:isolated(normalize-space()) || '.')"/>
      </xsl:for-each>
      <xsl:for-each select="$publication/availability/(licence | p)">
        <xsl:variable name="text" as="xs:string">
          <xsl:value-of>
            <xsl:apply-templates mode="ty:inline">
              <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:value-of>
        </xsl:variable>
        <xsl:sequence select="normalize-space($text) || (if (ty:is-web-url(@target)) then ' #link(' || ty:string(@target) || ')' else '')"/>
      </xsl:for-each>
      <xsl:for-each select="/TEI/teiHeader/revisionDesc//change[normalize-space()]">
        <xsl:sequence select="ty:markup('Revision' || (if (@when) then ' of ' || ty:isolated(normalize-space(@when)) else '') || ': ' || ty:isolated(normalize-space()))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:if test="exists($lines)">
      <xsl:text>#ed-notice[&#10;</xsl:text>
      <xsl:for-each select="$lines">{.}&#10;&#10;</xsl:for-each>
      <xsl:text>]&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="ty:upper-first" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="upper-case(substring($s, 1, 1)) || substring($s, 2)"/>
  </xsl:function>

</xsl:stylesheet>
