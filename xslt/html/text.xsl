<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text: divisions, headings, paragraphs and the phrase-level elements
  (highlighting, titles, quotations, dates, links, page and line breaks,
  editorial interventions). Names, notes and the apparatus have their own
  modules; anything not matched here falls back to fallback.xsl.

  Quotation marks are characters of the text (editorialDecl/quotation in the
  edition's documents): quote, q and said never get generated marks, and they
  are spans (or blockquote), not <q>, because browsers add marks to <q>.
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

  <!-- ============================================================ structure -->

  <!-- Not text: the header feeds the metadata block, standOff the sidebar. -->
  <!-- @url → src of the images copied into the web edition (src/load/graphics.ts); in a transform of several documents, each document's options have its own (tei-to-html.xsl). -->
  <xsl:param name="graphics" as="map(*)" select="map {}"/>

  <!--
    The other letters of the edition this one points to, by the path its
    pointers write (map {'other.xml': map {'id', 'title'}}; src/render/html.ts
    RenderHtmlOptions documents): a pointer into one links that letter's page,
    which stands beside this one.
  -->
  <xsl:param name="documents" as="map(*)" select="map {}"/>

  <!-- The letter of the edition a pointer names (`other.xml`, `other.xml#p3`), or (). -->
  <xsl:function name="h:linked-letter" as="map(*)?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="context-node" as="node()"/>
    <xsl:sequence select="if (empty($pointer) or starts-with($pointer, '#')) then ()
      else (h:d($context-node)?documents, map {})[1](if (contains($pointer, '#')) then substring-before($pointer, '#') else $pointer)"/>
  </xsl:function>

  <xsl:template match="teiHeader | standOff | facsimile | sourceDoc[not(ancestor::text)]" mode="h:html"/>

  <xsl:template match="text | front | body | back | group | floatingText" mode="h:html">
    <xsl:call-template name="h:block"/>
  </xsl:template>

  <xsl:template match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7" mode="h:html">
    <xsl:call-template name="h:block">
      <xsl:with-param name="name" select="'section'"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    Headings of divisions: h2 for a top-level division, one level deeper per
    nested division (at most h6). h1 is the page's title, in the metadata
    block. Other heads (of lists, line groups, figures …) are plain blocks.
  -->
  <xsl:template match="head" mode="h:html">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:choose>
      <xsl:when test="not($inline) and $context eq 'text' and parent::*[h:is-division(.)]">
        <xsl:call-template name="h:inline">
          <xsl:with-param name="name" select="'h' || min((6, max((2, count(ancestor::*[h:is-division(.)]) + 1))))"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="h:block"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="h:is-division" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::div or self::div1 or self::div2 or self::div3 or self::div4 or self::div5 or self::div6 or self::div7])"/>
  </xsl:function>

  <!--
    Paragraphs: <p> when they hold only phrase-level content; div.tei-p when
    they have block children (a list, a block quotation …), because HTML's
    <p> cannot contain blocks; span.tei-p.block inside phrasing content.
  -->
  <xsl:template match="p | ab" mode="h:html">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <!-- (Only a child named in common/blocks.xsl's map can be a block: the functions, far dearer than a lookup, are asked of those alone.) -->
      <xsl:when test="$inline or *[not(self::note)][map:contains($c:block-kind, local-name())][c:is-block(.) or h:is-block-quote(.)]">
        <xsl:call-template name="h:block"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- (h:inline's work, written out: the most frequent block of a text; a TEI p or ab, whose h:class is "tei-" and its name.) -->
        <p class="tei-{local-name()}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Lists: ul/ol in flow content (head, label and other parts become list items); spans inside phrasing content. -->
  <!-- (One body called from each name's rule: see h:name in names.xsl.) -->
  <xsl:template match="list | listBibl | listPerson | listPlace | listOrg | listEvent | listNym | listRelation" mode="h:html">
    <xsl:call-template name="h:list"/>
  </xsl:template>

  <xsl:template name="h:list">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <xsl:call-template name="h:block"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if (tokenize(normalize-space(@type || ' ' || @rend)) = ('ordered', 'numbered')) then 'ol' else 'ul'}"
          namespace="http://www.w3.org/1999/xhtml">
          <xsl:attribute name="class" select="h:class(.)"/>
          <xsl:call-template name="h:attributes"/>
          <xsl:for-each select="node()">
            <xsl:choose>
              <xsl:when test="self::item or self::bibl or self::biblStruct or self::listBibl">
                <li class="{h:class(.)}">
                  <xsl:call-template name="h:attributes"/>
                  <xsl:apply-templates mode="h:html">
                    <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                  </xsl:apply-templates>
                </li>
              </xsl:when>
              <!-- A register entry kept in the text (a foreign edition's back matter): one item, its parts apart. -->
              <xsl:when test="self::person or self::personGrp or self::place or self::org or self::event or self::nym or self::relation
                or self::listPerson or self::listPlace or self::listOrg or self::listEvent">
                <li class="{h:class(.)} register-entry">
                  <xsl:call-template name="h:attributes"/>
                  <xsl:for-each select="node()">
                    <xsl:apply-templates select="." mode="h:html">
                      <xsl:with-param name="inline" select="true()" tunnel="yes"/>
                    </xsl:apply-templates>
                    <xsl:if test="self::* and following-sibling::*">
                      <xsl:text> </xsl:text>
                    </xsl:if>
                  </xsl:for-each>
                </li>
              </xsl:when>
              <xsl:when test="self::text()[not(normalize-space())]">
                <xsl:value-of select="."/>
              </xsl:when>
              <xsl:when test="self::comment() or self::processing-instruction()"/>
              <xsl:otherwise>
                <li class="list-part">
                  <xsl:apply-templates select="." mode="h:html">
                    <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                  </xsl:apply-templates>
                </li>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Tables: table/caption/tr/td in flow content; anything else inside a table gets a row of its own. -->
  <xsl:template match="table" mode="h:html">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$inline">
        <xsl:call-template name="h:block"/>
      </xsl:when>
      <xsl:otherwise>
        <table class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
          <xsl:for-each select="head[1]">
            <caption class="{h:class(.)}">
              <xsl:call-template name="h:attributes"/>
              <xsl:apply-templates mode="h:html">
                <xsl:with-param name="inline" select="false()" tunnel="yes"/>
              </xsl:apply-templates>
            </caption>
          </xsl:for-each>
          <tbody>
            <xsl:for-each select="* except head[1]">
              <xsl:choose>
                <xsl:when test="self::row">
                  <tr class="{h:class(.)}">
                    <xsl:call-template name="h:attributes"/>
                    <xsl:for-each select="*">
                      <xsl:choose>
                        <xsl:when test="self::cell">
                          <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}"
                            namespace="http://www.w3.org/1999/xhtml">
                            <xsl:attribute name="class" select="h:class(.)"/>
                            <xsl:call-template name="h:attributes"/>
                            <xsl:if test="@cols castable as xs:positiveInteger">
                              <xsl:attribute name="colspan" select="xs:integer(@cols)"/>
                            </xsl:if>
                            <xsl:if test="@rows castable as xs:positiveInteger">
                              <xsl:attribute name="rowspan" select="xs:integer(@rows)"/>
                            </xsl:if>
                            <xsl:apply-templates mode="h:html">
                              <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                            </xsl:apply-templates>
                          </xsl:element>
                        </xsl:when>
                        <xsl:otherwise>
                          <td class="table-part">
                            <xsl:apply-templates select="." mode="h:html">
                              <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                            </xsl:apply-templates>
                          </td>
                        </xsl:otherwise>
                      </xsl:choose>
                    </xsl:for-each>
                  </tr>
                </xsl:when>
                <xsl:otherwise>
                  <tr class="table-part">
                    <td>
                      <xsl:apply-templates select="." mode="h:html">
                        <xsl:with-param name="inline" select="false()" tunnel="yes"/>
                      </xsl:apply-templates>
                    </td>
                  </tr>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="figure" mode="h:html">
    <xsl:call-template name="h:block">
      <xsl:with-param name="name" select="'figure'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A figure's head is its caption. -->
  <xsl:template match="figure/head" mode="h:html">
    <xsl:call-template name="h:block">
      <xsl:with-param name="name" select="'figcaption'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The description of a figure's image is the image's alt text (h:graphic), not words of the text (a screen reader heard it twice); without an image it is all the figure has, and shown. -->
  <xsl:template match="figDesc[../(graphic | media)]" mode="h:html"/>

  <!--
    Images (src/load/graphics.ts decides): a file of the edition, copied into
    the web edition, is shown from there ($graphics maps @url to its src);
    an http(s) image is never loaded by the page (it would tell a server who
    reads the letter), the reader gets a link to it; anything else (an
    absolute path, which a page opened from disk would fetch as file:///…,
    or another scheme) shows only the description.
  -->
  <xsl:template match="graphic | media" mode="h:html">
    <xsl:call-template name="h:graphic"/>
  </xsl:template>

  <!-- (One body for the rule's names: see h:name in names.xsl.) -->
  <xsl:template name="h:graphic">
    <xsl:variable name="url" select="string(@url)"/>
    <xsl:variable name="alt" select="normalize-space(string-join((../figDesc, desc), ' '))"/>
    <xsl:variable name="external" select="if (matches(h:browser-view($url), '^https?://', 'i')) then h:safe-url($url) else ()"/>
    <xsl:variable name="src" select="h:d(.)?graphics($url)"/>
    <xsl:choose>
      <xsl:when test="exists($src)">
        <img class="{h:class(.)}" src="{$src}" alt="{$alt}">
          <xsl:call-template name="h:attributes"/>
        </img>
      </xsl:when>
      <xsl:when test="exists($external)">
        <a class="{h:class(.)} external-image" href="{$external}" rel="noopener noreferrer">
          <xsl:call-template name="h:attributes"/>
          <xsl:text>{if ($alt) then 'Image: ' || $alt else 'Image'} (on another site)</xsl:text>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ phrase level -->

  <!--
    hi/@rend: the first token with an HTML counterpart chooses the element
    (italic → i, bold → b, sup, sub, underline → u, strikethrough → s);
    every known token becomes a class rend-…; the raw value stays in data-rend.
  -->
  <xsl:variable name="h:rend-tokens" as="map(xs:string, xs:string)" select="map {
    'italic': 'italic', 'italics': 'italic', 'i': 'italic', 'it': 'italic', 'ital': 'italic',
    'bold': 'bold', 'b': 'bold', 'strong': 'bold',
    'sup': 'sup', 'superscript': 'sup', 'sub': 'sub', 'subscript': 'sub',
    'underline': 'underline', 'u': 'underline', 'underlined': 'underline',
    'strikethrough': 'strikethrough', 'strike': 'strikethrough', 'line-through': 'strikethrough',
    'smallcaps': 'smallcaps', 'small-caps': 'smallcaps', 'sc': 'smallcaps',
    'allcaps': 'allcaps', 'uppercase': 'allcaps', 'roman': 'roman', 'block': 'block',
    'blockquote': 'block', 'center': 'center', 'centre': 'center', 'right': 'right', 'spaced': 'spaced'}"/>
  <xsl:variable name="h:rend-elements" as="map(xs:string, xs:string)" select="map {
    'italic': 'i', 'bold': 'b', 'sup': 'sup', 'sub': 'sub', 'underline': 'u', 'strikethrough': 's'}"/>

  <xsl:function name="h:rend-classes" as="xs:string*">
    <xsl:param name="rend" as="xs:string?"/>
    <xsl:sequence select="distinct-values(tokenize(lower-case(normalize-space($rend))) ! $h:rend-tokens(.)) ! ('rend-' || .)"/>
  </xsl:function>

  <xsl:template match="hi" mode="h:html">
    <xsl:variable name="kinds" select="tokenize(lower-case(normalize-space(@rend))) ! $h:rend-tokens(.)"/>
    <xsl:call-template name="h:inline">
      <xsl:with-param name="name" select="($kinds ! $h:rend-elements(.), 'span')[1]"/>
      <xsl:with-param name="classes" select="h:rend-classes(@rend)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="emph" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="name" select="'em'"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    Titles: <cite>. A title of level "a" (an article, a chapter) gets
    quotation marks in editorial matter (header, registers, notes), where the
    edition writes the bibliographic style; never in the text itself, whose
    quotation marks are characters.
  -->
  <xsl:template match="title" mode="h:html">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:variable name="quoted" select="@level = 'a' and ($context = ('meta', 'note') or ancestor::teiHeader or ancestor::standOff)"/>
    <cite class="{string-join((h:class(.), h:rend-classes(@rend)), ' ')}">
      <xsl:call-template name="h:attributes"/>
      <xsl:if test="$quoted">
        <xsl:call-template name="h:generated">
          <xsl:with-param name="text" select="'“'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:apply-templates mode="h:html">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:if test="$quoted">
        <xsl:call-template name="h:generated">
          <xsl:with-param name="text" select="'”'"/>
        </xsl:call-template>
      </xsl:if>
    </cite>
  </xsl:template>

  <!-- Quotations: no generated quotation marks (see the module comment). Block quotations (with paragraphs) → blockquote. -->
  <xsl:template match="quote | q | said" mode="h:html">
    <xsl:call-template name="h:quote"/>
  </xsl:template>

  <!-- (One body for the rule's names: see h:name in names.xsl.) -->
  <xsl:template name="h:quote">
    <xsl:param name="inline" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="not($inline) and h:is-block-quote(.)">
        <xsl:call-template name="h:block">
          <xsl:with-param name="name" select="'blockquote'"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="h:inline">
          <xsl:with-param name="classes" select="'block'[h:is-block-quote(current())]"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="h:is-block-quote" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::quote or self::q or self::said]/*[not(self::note)][h:is-block(.)])"/>
  </xsl:function>

  <!-- Dates: <time> when @when is an ISO date or date-time HTML understands; the text is the document's. -->
  <xsl:template match="date | time" mode="h:html">
    <xsl:choose>
      <xsl:when test="h:is-datetime(@when)">
        <time class="{h:class(.)}" datetime="{@when}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </time>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="h:inline"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ links -->

  <!--
    Where a pointer leads in the HTML, or () when it must not become a link:
    "#id" only when the id exists in this document (and then to the HTML that
    renders it: the register page for a person, place or organisation, the
    witness in the metadata block, the note in the notes list, the variant
    in the text, or the element's own HTML id); any other pointer only when
    h:safe-url accepts it.
  -->
  <xsl:function name="h:pointer-href" as="xs:string?">
    <xsl:param name="pointer" as="xs:string?"/>
    <xsl:param name="context-node" as="node()"/>
    <xsl:choose>
      <xsl:when test="starts-with($pointer, '#')">
        <xsl:variable name="target" select="key('h:id', substring($pointer, 2), root($context-node))[1]"/>
        <xsl:sequence select="if ($target) then h:href-of($target) else ()"/>
      </xsl:when>
      <xsl:otherwise>
        <!--
          Another letter of the edition: its page. (A shared register's entry, registers.xml#ada, is #ada in the
          letter's view.) Any other file (one not in the run, under profile any or without the cross-reference
          check): no link, since nothing beside the page answers it. A URL with a scheme: if it is safe.
        -->
        <xsl:variable name="letter" select="h:linked-letter($pointer, $context-node)"/>
        <xsl:sequence select="if (exists($letter)) then $letter?id || '.html' || (if (contains($pointer, '#')) then '#' || h:html-id(substring-after($pointer, '#')) else '')
          else if (matches($pointer, '^[A-Za-z][A-Za-z0-9+.\-]*:')) then h:safe-url($pointer)
          else ()"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="h:href-of" as="xs:string?">
    <xsl:param name="target" as="element()"/>
    <xsl:variable name="kind" select="h:entity-kind($target)"/>
    <xsl:sequence select="
      if ($kind) then h:register-href($kind, string($target/@xml:id))
      else if ($target/self::witness) then '#wit-' || h:html-id(string($target/@xml:id))
      else if ($target/self::note[ancestor::text][not(ancestor::note)]) then '#note-n' || h:note-number($target)
      else if ($target/self::app[ancestor::text]) then '#app-' || h:app-key($target)
      else if (h:is-cited-work($target)) then '#' || h:html-id(string($target/@xml:id))
      else if ($target[ancestor::text][not(ancestor::teiHeader or ancestor::standOff)]) then '#' || h:html-id(string($target/@xml:id))
      else ()"/>
  </xsl:function>

  <!-- The href of a ref's @target, or (). -->
  <xsl:function name="h:ref-href" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/@target) then h:pointer-href(h:first-safe-pointer($e/@target), $e) else ()"/>
  </xsl:function>

  <!-- Whether rendering the element in the text produces links of its own (so it cannot sit inside an <a>). -->
  <xsl:function name="h:contains-links" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e//*[self::note or self::app or self::ptr])
      or (some $d in $e//*[@ref or self::ref] satisfies (exists(h:name-link($d)) or ($d/self::ref and exists(h:ref-href($d)))))"/>
  </xsl:function>

  <!-- ref: one <a>; or, when it contains links itself, a span whose text is linked piece by piece. Unsafe or unresolvable targets: a span. -->
  <xsl:template match="ref" mode="h:html">
    <xsl:variable name="href" select="h:ref-href(.)"/>
    <xsl:choose>
      <!-- An empty ref (the words were the source's software's to give: a note that only points to another letter) shows its target, as ptr does. -->
      <xsl:when test="normalize-space(@target) and not(node()[self::* or normalize-space()])">
        <xsl:call-template name="h:pointer">
          <xsl:with-param name="href" select="$href"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="empty($href)">
        <xsl:call-template name="h:inline"/>
      </xsl:when>
      <xsl:when test="h:contains-links(.)">
        <span class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="link" select="map {'href': $href}" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <a class="{h:class(.)}" href="{$href}">
          <xsl:call-template name="h:attributes"/>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="link" select="()" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ptr has no text: the link shows its target. -->
  <xsl:template match="ptr" mode="h:html">
    <xsl:call-template name="h:pointer">
      <xsl:with-param name="href" select="h:ref-href(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A pointer without words of its own (ptr, an empty ref): a link showing its target (another letter: its title); a target no link may go to is shown as words. -->
  <xsl:template name="h:pointer">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="exists($href)">
        <xsl:variable name="letter" select="h:linked-letter(h:first-safe-pointer(@target), .)"/>
        <!-- A register entry by its name, a place in the letter's text as "above" or "below", as the PDF and the plain
             text give them (common/within.xsl): its address meant nothing to a reader. -->
        <xsl:variable name="within" select="c:within-words(.)"/>
        <a class="{h:class(.)} generated" href="{$href}">
          <xsl:call-template name="h:attributes"/>
          <!-- Another letter of the edition by its title (its file's name means nothing to a reader). -->
          <xsl:value-of select="if (exists($letter)) then $letter?title else if (exists($within)) then $within else if (starts-with($href, '#')) then normalize-space(@target) else $href"/>
        </a>
      </xsl:when>
      <xsl:when test="self::ref">
        <span class="{h:class(.)} generated">
          <xsl:call-template name="h:attributes"/>
          <xsl:value-of select="normalize-space(@target)"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <span class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ breaks and milestones -->

  <!--
    A line of the source ends where lb stands. Inside a word (break="no") the
    line ends in a hyphen, as a transcription marks it: generated (not the
    writer's), hidden from screen readers and from a copy of the text, which
    read the word whole. Not where the transcription gives the writer's own
    hyphen (or ¬, =, ⸗) before the break.
  -->
  <xsl:template match="lb" mode="h:html">
    <xsl:if test="@break = 'no' and not(matches(string(preceding::text()[1]), '[\-&#x2010;&#x2011;&#xAC;=&#x2E17;]\s*$'))">
      <span class="lb-hyphen generated" aria-hidden="true">-</span>
    </xsl:if>
    <xsl:choose>
      <!-- Before the first line of a block (<p><lb/>In einer …): no break, which opened the paragraph with a blank
           line; the element stays, for its id and links (common/blocks.xsl c:lb-opens-block). -->
      <xsl:when test="c:lb-opens-block(.)">
        <span class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <br class="{h:class(.)}">
          <xsl:call-template name="h:attributes"/>
        </br>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Page breaks: a visible marker "[p. 391]" (FRUS pages cite by page). -->
  <xsl:template match="pb | cb" mode="h:html">
    <xsl:call-template name="h:page-break"/>
  </xsl:template>

  <!-- (One body for the rule's names: see h:name in names.xsl.) -->
  <xsl:template name="h:page-break">
    <xsl:variable name="unit" select="if (self::pb) then 'Page' else 'Column'"/>
    <xsl:variable name="n" select="normalize-space(@n)"/>
    <span class="{h:class(.)} generated" role="note"
      aria-label="{if ($n) then $unit || ' ' || $n else $unit || ' break'}">
      <xsl:call-template name="h:attributes"/>
      <xsl:text>{if ($n) then '[' || (if (self::pb) then 'p.' else 'col.') || ' ' || $n || ']' else '[' || lower-case($unit) || ' break]'}</xsl:text>
    </span>
  </xsl:template>

  <!-- White space that only indents the children of an element-only container (choice, subst, app) is no word boundary. -->
  <!-- (The parent first: this pattern is tried on every text node, and normalize-space() reads the whole text.) -->
  <xsl:template match="text()[parent::choice or parent::subst or parent::app or parent::rdgGrp][not(normalize-space())]" mode="h:html" priority="5"/>

  <!-- A space of the source (often a wide one): a word boundary, never nothing. -->
  <xsl:template match="space" mode="h:html">
    <span class="{h:class(.)}">
      <xsl:call-template name="h:attributes"/>
      <xsl:text> </xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="milestone | anchor | gb" mode="h:html">
    <span class="{h:class(.)}">
      <xsl:call-template name="h:attributes"/>
    </span>
  </xsl:template>

  <!-- ============================================================ editorial interventions -->

  <!--
    choice: the edition's reading (corr, reg, expan, ex; else the first
    alternative) is shown; the others stay in the HTML, hidden, and are named
    in a tooltip.
  -->
  <xsl:template match="choice" mode="h:html">
    <xsl:variable name="shown" select="(corr, reg, expan, ex, *)[1]"/>
    <xsl:variable name="others" select="* except $shown"/>
    <span class="{h:class(.)}">
      <xsl:call-template name="h:attributes"/>
      <xsl:if test="$others">
        <xsl:attribute name="title" select="string-join($others ! (local-name(.) || ': ' || normalize-space(.)), '; ')"/>
      </xsl:if>
      <!-- In document order, so that nothing is reordered for a script or a copy of the hidden text. -->
      <xsl:for-each select="*">
        <xsl:choose>
          <xsl:when test=". is $shown">
            <xsl:apply-templates select="." mode="h:html">
              <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:when>
          <xsl:otherwise>
            <span class="choice-alternative" hidden="hidden">
              <xsl:apply-templates select="." mode="h:html">
                <xsl:with-param name="inline" select="true()" tunnel="yes"/>
              </xsl:apply-templates>
            </span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- The edition's own readings. -->
  <xsl:template match="corr | reg | expan | ex" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="classes" select="'editorial'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="abbr" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="name" select="'abbr'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="sic[not(parent::choice)]" mode="h:html">
    <xsl:call-template name="h:inline"/>
    <xsl:call-template name="h:generated">
      <xsl:with-param name="text" select="' [sic]'"/>
      <xsl:with-param name="classes" select="'editorial'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- supplied: the edition's addition, in square brackets. -->
  <xsl:template match="supplied" mode="h:html">
    <span class="{h:class(.)} editorial">
      <xsl:call-template name="h:attributes"/>
      <xsl:call-template name="h:generated">
        <xsl:with-param name="text" select="'['"/>
      </xsl:call-template>
      <xsl:apply-templates mode="h:html">
        <xsl:with-param name="inline" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:call-template name="h:generated">
        <xsl:with-param name="text" select="']'"/>
      </xsl:call-template>
    </span>
  </xsl:template>

  <!-- gap: "[…]", with what is known about it in a tooltip and for screen readers. -->
  <xsl:template match="gap" mode="h:html">
    <xsl:variable name="about" select="string-join((
      @reason ! normalize-space(.),
      (if (@quantity or @extent) then normalize-space(string-join((@quantity, @unit, @extent), ' ')) else ()),
      desc ! normalize-space(.)), '; ')"/>
    <span class="{h:class(.)} editorial generated" title="{string-join(('Gap', $about[. ne '']), ': ')}"
      aria-label="{string-join(('Gap in the text', $about[. ne '']), ': ')}">
      <xsl:call-template name="h:attributes"/>
      <xsl:text>[…]</xsl:text>
    </span>
  </xsl:template>

  <xsl:template match="unclear" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="classes" select="'editorial'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="add" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="name" select="'ins'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="del" mode="h:html">
    <xsl:call-template name="h:inline">
      <xsl:with-param name="name" select="'del'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
