<?xml version="1.0" encoding="UTF-8"?>
<!--
  The metadata block, from the teiHeader (it is never rendered as text):

    <header class="doc-header" lang="en">
      <h1 class="doc-title" id="doc-title">…</h1>          the page's only h1
      <p class="doc-subtitle">…</p>
      <dl class="doc-metadata">
        <dt>From</dt><dd>…</dd>  <dt>To</dt><dd>…</dd>
        <dt class="generated">Date</dt><dd><time datetime="1956-11-04">November 4, 1956</time></dd>
        <dt>Place</dt><dd>…</dd>
      </dl>
      <details class="doc-more"><summary>Note and witnesses (3)</summary>
      <dl class="doc-metadata">
        <dt>Note</dt><dd>…</dd>
        <dt class="generated">Witnesses</dt><dd><dl class="witnesses">
          <dt class="siglum" id="wit-PPP">PPP</dt>
          <dd class="tei-witness" data-ana="#copy-text">
            <div class="tei-bibl">…</div>
            <div class="witness-role" data-role="copy-text">Copy text</div>   unless the note says it
            <div class="tei-note">…</div></dd></dl></dd>
      </dl></details>
    </header>

  From, To, Place and Date come from correspDesc, read as common/header.xsl
  reads it for the document model (CMIF: correspondents of the sent and
  received actions, in any order, with their own roles); a date
  shows the header's own wording when it has one, else @when formatted as
  "November 4, 1956" (or "4 November 1956": the parameter date-style). A document the model dates by when it was made (no
  dated correspDesc: the creation date, else the first dateline's) has the
  Date row the caller gives (date-text), as in the print and text editions.
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

  <xsl:include href="../common/header.xsl"/>

  <!--
    The Date row of a document dated by when it was made, not by a sent
    date (src/render/html.ts RenderHtmlOptions.date: the model's date, so
    that the web page says what the print and text editions say): its words
    and its ISO date ('' when none). A transform of several documents has
    them in each document's options instead (tei-to-html.xsl, $batch).
  -->
  <xsl:param name="date-text" as="xs:string" select="''"/>
  <xsl:param name="date-when" as="xs:string" select="''"/>

  <!--
    How the dates this stylesheet makes from attributes read (edition.json
    "dateStyle", src/render/html.ts RenderHtmlOptions.dateStyle):
    month-day-year ("November 4, 1956", the default) or day-month-year
    ("4 November 1956"); a month alone is "November 1956" either way. The
    twin of src/model/dates.ts dayInWords. The same for every document of a
    transform.
  -->
  <xsl:param name="date-style" as="xs:string" select="'month-day-year'"/>

  <!-- The document's title element (common/header.xsl: the document's own title, not its series'). -->
  <xsl:function name="h:title-element" as="element()?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="c:title(($doc/descendant::teiHeader)[1]/fileDesc/titleStmt/title)"/>
  </xsl:function>

  <!-- The title as plain text (for <title> and links): the title, else the first head of the text. -->
  <xsl:function name="h:title-text" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="title" select="h:title-element($doc)"/>
    <xsl:sequence select="
      if (normalize-space($title)) then normalize-space(string-join($title//text()[not(ancestor::note)], ''))
      else normalize-space(string-join(($doc/descendant::text/descendant::head)[1]//text()[not(ancestor::note)], ''))"/>
  </xsl:function>

  <!-- "1956-11-04" → "November 4, 1956" (date-style day-month-year: "4 November 1956"); "1956-11" → "November 1956"; "1956" → "1956"; else the value itself. -->
  <xsl:function name="h:format-iso-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:variable name="day" select="substring($iso, 1, 10)"/>
    <xsl:sequence select="
      if ($day castable as xs:date) then format-date(xs:date($day), if ($date-style eq 'day-month-year') then '[D] [MNn] [Y]' else '[MNn] [D], [Y]', 'en', (), ())
      else if (matches($iso, '^\d{4}-\d{2}$') and ($iso || '-01') castable as xs:date) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else $iso"/>
  </xsl:function>

  <xsl:template name="h:metadata">
    <xsl:variable name="header" select="(/descendant::teiHeader)[1]"/>
    <xsl:variable name="title" select="h:title-element(/)"/>
    <xsl:variable name="cd" select="c:correspDesc(/)"/>
    <xsl:variable name="sent" select="c:main-action($cd, 'sent')"/>
    <xsl:variable name="witnesses" select="$header/fileDesc/sourceDesc//listWit//witness"/>
    <!-- The date of a document dated by when it was made (its options: the parameters date-text and date-when). -->
    <xsl:variable name="made" select="h:d(.)"/>
    <!--
      The title's own language (its xml:lang in scope) on the title: the header's labels (From, To, Date) are the
      site's English, and a title may be in another language than the text (let695: an English title, a French
      text whose language only langUsage gives, which is the text's, not the title's).
    -->
    <xsl:variable name="title-lang" select="h:lang(($title/ancestor-or-self::*/@xml:lang)[last()])"/>
    <header class="doc-header">
      <h1 class="doc-title" id="doc-title">
        <xsl:if test="$title-lang">
          <xsl:attribute name="lang" select="$title-lang"/>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="normalize-space($title)">
            <xsl:call-template name="h:meta">
            <xsl:with-param name="nodes" select="$title/node()"/>
          </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>{h:title-text(/)}</xsl:otherwise>
        </xsl:choose>
      </h1>
      <xsl:for-each select="$header/fileDesc/titleStmt/title[@type = 'sub'][1]">
        <p class="doc-subtitle">
          <xsl:call-template name="h:meta">
            <xsl:with-param name="nodes" select="node()"/>
          </xsl:call-template>
        </p>
      </xsl:for-each>
      <xsl:variable name="rows" as="element()*">
        <xsl:call-template name="h:row">
          <xsl:with-param name="label" select="'From'"/>
          <xsl:with-param name="values" select="c:agents($cd, 'sent')"/>
        </xsl:call-template>
        <xsl:call-template name="h:row">
          <xsl:with-param name="label" select="'To'"/>
          <xsl:with-param name="values" select="c:agents($cd, 'received')"/>
        </xsl:call-template>
        <xsl:for-each select="$sent/date[1][$made?date-text eq '']">
          <dt class="generated">Date</dt>
          <dd>
            <xsl:call-template name="h:date"/>
          </dd>
        </xsl:for-each>
        <!-- A document dated by when it was made (the caller's date-text), not by its sent date. -->
        <xsl:if test="$made?date-text ne ''">
          <dt class="generated">Date</dt>
          <dd>
            <xsl:call-template name="h:header-date">
              <xsl:with-param name="when" select="$made?date-when"/>
              <xsl:with-param name="text" select="$made?date-text"/>
            </xsl:call-template>
          </dd>
        </xsl:if>
        <xsl:call-template name="h:row">
          <xsl:with-param name="label" select="'Place'"/>
          <xsl:with-param name="values" select="$sent/(placeName | settlement)"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:variable name="more" as="element()*">
        <xsl:call-template name="h:row">
          <xsl:with-param name="label" select="'Note'"/>
          <xsl:with-param name="values" select="$header/profileDesc/correspDesc/note"/>
        </xsl:call-template>
        <!-- Without a witness list: the sourceDesc itself, a manuscript description as labelled fields. -->
        <xsl:if test="empty($witnesses)">
          <xsl:for-each select="$header/fileDesc/sourceDesc/msDesc">
            <dt class="generated">Manuscript</dt>
            <dd>
              <dl class="tei-msDesc">
                <xsl:for-each select="c:ms-fields(.)">
                  <dt class="generated">{?label}</dt>
                  <dd>{?value}</dd>
                </xsl:for-each>
              </dl>
            </dd>
          </xsl:for-each>
          <xsl:call-template name="h:row">
            <xsl:with-param name="label" select="'Source'"/>
            <xsl:with-param name="values" select="$header/fileDesc/sourceDesc/(* except (msDesc, listWit, listBibl[not(normalize-space())]))"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:if test="$witnesses">
          <dt class="generated">Witnesses</dt>
          <dd>
            <dl class="witnesses">
              <xsl:for-each select="$witnesses">
                <xsl:call-template name="h:witness"/>
              </xsl:for-each>
            </dl>
          </dd>
        </xsl:if>
      </xsl:variable>
      <xsl:if test="exists($rows)">
        <dl class="doc-metadata">
          <xsl:sequence select="$rows"/>
        </dl>
      </xsl:if>
      <!-- The long metadata folds away, so that on a phone the text starts on the first screen. -->
      <xsl:if test="exists($more)">
        <details class="doc-more">
          <!-- Named by what it holds ("Note and witnesses (3)", "Manuscript and source"): a disclosure needs a name. -->
          <xsl:variable name="labels" select="distinct-values($more[local-name() eq 'dt'] ! string(.)) ! (if (. eq 'Witnesses') then . || ' (' || count($witnesses) || ')' else .)"/>
          <xsl:variable name="named" select="($labels[1], tail($labels) ! (lower-case(substring(., 1, 1)) || substring(., 2)))"/>
          <summary class="generated">{if (count($named) le 2) then string-join($named, ' and ') else string-join($named[position() lt last()], ', ') || ' and ' || $named[last()]}</summary>
          <dl class="doc-metadata">
            <xsl:sequence select="$more"/>
          </dl>
        </details>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- One dt/dd pair; several values are separated by semicolons. -->
  <xsl:template name="h:row">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="values" as="element()*"/>
    <!-- An empty name that points to a register entry (particDesc) is named by that entry. -->
    <xsl:variable name="shown" select="$values[normalize-space() or h:entry-name(.)]"/>
    <xsl:if test="$shown">
      <dt class="generated">{$label}</dt>
      <dd>
        <xsl:for-each select="$shown">
          <xsl:if test="position() gt 1">; </xsl:if>
          <xsl:choose>
            <xsl:when test="normalize-space()">
              <xsl:call-template name="h:meta">
                <xsl:with-param name="nodes" select="."/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <span class="{h:class(.)}">{h:entry-name(.)}</span>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </dd>
    </xsl:if>
  </xsl:template>

  <xsl:function name="h:entry-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="entry" select="key('h:id', substring-after(normalize-space($e/@ref), '#'), root($e))[1]"/>
    <xsl:sequence select="c:text(($entry/(persName, placeName, orgName, name))[1])"/>
  </xsl:function>

  <!-- A header date: its wording, else @when formatted, else the range of @notBefore/@notAfter. -->
  <xsl:template name="h:date">
    <xsl:variable name="text" select="
      if (normalize-space(.)) then normalize-space(.)
      else if (@when) then h:format-iso-date(@when)
      else if (@notBefore and @notAfter and @notBefore = @notAfter) then h:format-iso-date(@notBefore)
      else if (@from and @to) then 'from ' || h:format-iso-date(@from) || ' to ' || h:format-iso-date(@to)
      else if (@notBefore and @notAfter) then 'between ' || h:format-iso-date(@notBefore) || ' and ' || h:format-iso-date(@notAfter)
      else if (@notBefore) then 'not before ' || h:format-iso-date(@notBefore)
      else if (@notAfter) then 'not after ' || h:format-iso-date(@notAfter)
      else ''"/>
    <xsl:call-template name="h:header-date">
      <xsl:with-param name="when" select="string(@when)"/>
      <!-- A date its encoder doubts (@cert low, medium, unknown) is asked: "1 March 1852?" (src/model/dates.ts markUncertain). -->
      <xsl:with-param name="text" select="if ($text ne '' and @cert = ('low', 'medium', 'unknown') and not(matches($text, '\?\]?$'))) then $text || '?' else $text"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A date of the header as words: <time> when `when` is a date HTML understands, else a span. -->
  <xsl:template name="h:header-date">
    <xsl:param name="when" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="h:is-datetime($when)">
        <time class="tei-date" datetime="{$when}">{$text}</time>
      </xsl:when>
      <xsl:otherwise>
        <span class="tei-date">{$text}</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    A witness: siglum (its xml:id, also the target of the apparatus sigla),
    its bibliographic description, its role in the edition (the catDesc of
    the categories its @ana points to) and its note.
  -->
  <xsl:template name="h:witness">
    <xsl:variable name="id" select="string(@xml:id)"/>
    <xsl:variable name="roles" select="tokenize(normalize-space(@ana))[starts-with(., '#')] ! key('h:id', substring(., 2), root(current()))[self::category]"/>
    <dt class="siglum">
      <xsl:if test="$id">
        <xsl:attribute name="id" select="'wit-' || h:html-id($id)"/>
      </xsl:if>
      <xsl:value-of select="($id[. ne ''], @n, '–')[1]"/>
    </dt>
    <dd class="tei-witness">
      <xsl:call-template name="h:own-id"/>
      <xsl:call-template name="h:attributes">
        <xsl:with-param name="context" select="'meta'" tunnel="yes"/>
      </xsl:call-template>
      <xsl:for-each select="bibl | biblStruct | msDesc">
        <div class="{h:class(.)}">
          <xsl:call-template name="h:meta">
            <xsl:with-param name="nodes" select="node()"/>
          </xsl:call-template>
        </div>
      </xsl:for-each>
      <!--
        Each role once: its name (the catDesc up to a colon: "Copy text"), left
        out when the witness's note already begins with it ("Copy text.
        Transcribed from …"). The full definition is on the About page.
      -->
      <xsl:variable name="note-start" select="lower-case(normalize-space(string-join(note[1]//text(), '')))"/>
      <xsl:for-each select="$roles">
        <xsl:variable name="desc" select="normalize-space(string-join((catDesc, gloss, desc)[1]//text(), ''))"/>
        <xsl:variable name="name" select="if (contains($desc, ':')) then normalize-space(substring-before($desc, ':')) else replace($desc, '\.$', '')"/>
        <xsl:if test="$name and not(starts-with($note-start, lower-case($name)))">
          <div class="witness-role" data-role="{h:html-id(string(@xml:id))}">{$name}</div>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="note">
        <div class="{h:class(.)}">
          <xsl:call-template name="h:meta">
            <xsl:with-param name="nodes" select="node()"/>
          </xsl:call-template>
        </div>
      </xsl:for-each>
      <!-- A witness described in running text rather than in a bibl. -->
      <xsl:if test="empty(bibl | biblStruct | msDesc | note) and normalize-space()">
        <div class="witness-text">
          <xsl:call-template name="h:meta">
            <xsl:with-param name="nodes" select="node() except (listWit | witness)"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </dd>
  </xsl:template>

  <!-- Header content goes through the text templates, in the 'meta' context (no ids, notes inline). -->
  <xsl:template name="h:meta">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:apply-templates select="$nodes" mode="h:html">
      <xsl:with-param name="context" select="'meta'" tunnel="yes"/>
      <xsl:with-param name="inline" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

</xsl:stylesheet>
