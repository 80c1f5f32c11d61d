<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text of the document as Typst markup: blocks (ed-block, ed-indent,
  ed-editorial, see edition.typ) and phrases inside them.

  Modes:
  - ty:blocks, on a container: its blocks in turn; loose phrases between
    block children become anonymous blocks of the container's kind.
  - ty:inline, on phrases: text (escaped), emphasis, links, note calls
    (footnotes), apparatus anchors around each lemma, page breaks.
  Tunnel parameter $in: 'text' (the reading text), 'note' (inside a
  footnote: nested notes inline, blocks as paragraphs of one run), 'entry' (the
  heading block and the edition notice: notes inline, no anchors),
  'lemma' (a lemma in the apparatus: its notes are in the text already),
  'reading' (a reading in the apparatus). In lemmata and readings the
  characters are shown as the witness has them: straight quotation marks
  stay straight, a double hyphen stays a double hyphen.

  What counts as a block and what is not reading text comes from
  xslt/text/reading.xsl, shared with the plain-text edition.
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

  <xsl:mode name="ty:blocks" on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="ty:inline" on-no-match="shallow-skip" use-accumulators="#all"/>

  <!-- ============================================================ languages and directions -->

  <!-- The call of ed-lang (edition.typ) that opens an element's language and direction: the tag's language subtag when Typst takes it (two or three letters), else none. -->
  <xsl:function name="ty:lang-open" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="primary" select="lower-case(tokenize(string($e/@xml:lang), '-')[1])"/>
    <xsl:sequence select="'#ed-lang(' || (if (matches($primary, '^[a-z]{2,3}$')) then ty:string($primary) else 'none') || ', ' || c:dir($e/@xml:lang) || ')['"/>
  </xsl:function>

  <!-- A block (a paragraph, a division) in a language written the other way: in its language and direction (right-aligned, indented on the right). -->
  <xsl:template match="*[@xml:lang][c:turns(.)]" mode="ty:blocks" priority="60">
    <xsl:value-of select="ty:lang-open(.) || '&#10;'"/>
    <xsl:next-match/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!--
    A block in another language written the same way (a Polish translation
    after a Spanish letter, a Latin paragraph): in its language, so that the
    PDF tags it so (and Typst hyphenates it by its rules). Phrases inside a
    paragraph (a foreign word) keep the paragraph's.
  -->
  <xsl:template match="*[@xml:lang][not(c:turns(.))][ty:changes-lang(.)]" mode="ty:blocks" priority="59">
    <xsl:value-of select="ty:lang-same-way(.) || '&#10;'"/>
    <xsl:next-match/>
    <xsl:text>]&#10;</xsl:text>
  </xsl:template>

  <!-- The primary subtag of a language tag, in lower case ("es-MX": "es"). -->
  <xsl:function name="ty:primary-lang" as="xs:string">
    <xsl:param name="tag" as="xs:string?"/>
    <xsl:sequence select="lower-case(tokenize(string($tag), '[-_]')[1])"/>
  </xsl:function>

  <!--
    Whether an element's xml:lang names another language than the one around
    it: its ancestors', else the document's as its PDF and the volume set it
    (src/render/print.ts: the TEI's or its text's xml:lang, else the first
    language of langUsage). Only a tag Typst takes (two or three letters).
  -->
  <xsl:function name="ty:changes-lang" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="lang" select="ty:primary-lang($e/@xml:lang)"/>
    <xsl:variable name="root" select="root($e)"/>
    <xsl:sequence select="matches($lang, '^[a-z]{2,3}$') and $lang ne ty:primary-lang((($e/ancestor::*/@xml:lang)[last()], $root/*/text/@xml:lang, $root/*/teiHeader/profileDesc/langUsage/language/@ident)[1])"/>
  </xsl:function>

  <!-- The call of ed-lang that opens a block's language, its direction the language's own. -->
  <xsl:function name="ty:lang-same-way" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="'#ed-lang(' || ty:string(ty:primary-lang($e/@xml:lang)) || ', auto)['"/>
  </xsl:function>

  <!-- A phrase (a foreign word, a quotation) in a language written the other way: in its language. -->
  <xsl:template match="*[@xml:lang][c:turns(.)][not(t:is-silent(.))]" mode="ty:inline" priority="60">
    <xsl:value-of select="ty:lang-open(.)"/>
    <xsl:next-match/>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!-- ============================================================ blocks -->

  <xsl:template name="ty:blocks-of">
    <xsl:param name="parent" as="element()" select="."/>
    <!-- A text (the letter, its translation) in another language than the document's: in its language and direction. -->
    <xsl:variable name="lang" as="xs:string?" select="$parent/self::text[@xml:lang] ! (if (c:turns(.)) then ty:lang-open(.) else if (ty:changes-lang(.)) then ty:lang-same-way(.) else ())"/>
    <xsl:if test="exists($lang)">{$lang}&#10;</xsl:if>
    <xsl:for-each-group select="$parent/node()" group-adjacent="t:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="ty:blocks"/>
        </xsl:when>
        <!-- White space between blocks (one such group between any two of them) sets nothing: skipped without the paragraph machinery. -->
        <xsl:when test="t:is-blank(current-group())"/>
        <xsl:otherwise>
          <xsl:call-template name="ty:leaf">
            <xsl:with-param name="kind" select="local-name($parent)"/>
            <xsl:with-param name="nodes" select="current-group()"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
    <xsl:if test="exists($lang)">]&#10;</xsl:if>
  </xsl:template>

  <xsl:template match="*" mode="ty:blocks">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:choose>
      <xsl:when test="not(t:is-container(.))">
        <xsl:call-template name="ty:leaf">
          <xsl:with-param name="kind" select="local-name()"/>
          <xsl:with-param name="nodes" select="node()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$in = 'text' and (self::back or self::div[@type = 'editorial']) and not(ancestor::back or ancestor::div[@type = 'editorial'])">
        <xsl:text>#ed-editorial[&#10;</xsl:text>
        <xsl:call-template name="ty:blocks-of"/>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
      <xsl:when test="t:is-depth-container(.) and $in = 'text'">
        <xsl:text>#ed-indent[&#10;</xsl:text>
        <xsl:call-template name="ty:blocks-of"/>
        <xsl:text>]&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ty:blocks-of"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    A figure of the text (ed-figure, edition.typ): its images (graphic,
    media) that the print edition shows, by their path among the compiler's
    files (the meta's 'images', @url → path: src/render/print.ts
    printImages), each with its description (figDesc, desc) as its
    alternative text, as on the web page; then its head as its caption. A
    figure without an image gives its description, in square brackets: the
    editors' words. An image the PDF cannot show (another format, an address
    on the web) is left out, its caption kept. Its other blocks (a
    paragraph) follow it. Elsewhere than in the text (a figure in a note):
    as any other block.
    In the text made once for the print edition and the volume ($ty:marks),
    the volume's version shows no image: its compiler is given no file.
  -->
  <xsl:template match="figure" mode="ty:blocks" priority="1">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$in ne 'text'">
        <xsl:next-match/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="paths" select="if (graphic | media) then t:meta-entry(., 'images') else ()"/>
        <xsl:variable name="images" as="xs:string*" select="if ($paths instance of map(*)) then (graphic | media) ! ty:figure-image(., $paths(string(@url))) else ()"/>
        <xsl:variable name="description" as="xs:string">
          <xsl:value-of>
            <xsl:if test="not(graphic | media)">
              <xsl:for-each select="figDesc">
                <xsl:text> </xsl:text>
                <xsl:apply-templates mode="ty:inline"/>
              </xsl:for-each>
            </xsl:if>
          </xsl:value-of>
        </xsl:variable>
        <xsl:variable name="caption" as="xs:string">
          <xsl:value-of>
            <xsl:for-each select="head">
              <xsl:text> </xsl:text>
              <xsl:apply-templates mode="ty:inline"/>
            </xsl:for-each>
          </xsl:value-of>
        </xsl:variable>
        <xsl:variable name="figure" select="ty:figure($images, normalize-space($description), normalize-space($caption))"/>
        <xsl:choose>
          <xsl:when test="$ty:marks and exists($images)">
            <xsl:value-of select="'&#xE002;' || ty:print-of($figure) || '&#xE003;&#xE000;'
              || ty:volume-of(ty:figure((), normalize-space($description), normalize-space($caption))) || '&#xE001;'"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:value-of select="$figure"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="* except (head | figDesc | graphic | media)" mode="ty:blocks"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    An image outside a figure (a drawing in the line of the text, a seal, a
    signature's image), as the web page shows it: in the line, at its natural
    size but no wider than the text (ed-image, edition.typ), its description
    (desc) as its alternative text. Not in the volume, whose compiler is given
    no image file, as its figures show none. An image the PDF cannot show
    (another format, an address on the web) is left out, as a figure's.
    Before the rule that drops graphic and media as not reading text.
  -->
  <xsl:template match="graphic[not(parent::figure)] | media[not(parent::figure)]" mode="ty:inline" priority="11">
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:value-of select="ty:image(., $ty:marks)"/>
  </xsl:template>

  <!-- Between blocks (a graphic in a div): on a line of its own. -->
  <xsl:template match="graphic[not(parent::figure)] | media[not(parent::figure)]" mode="ty:blocks" priority="11">
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:value-of select="ty:image(., $ty:marks) ! (if (.) then . || '&#10;' else .)"/>
  </xsl:template>

  <!-- The call of ed-image, or '' when the print edition has no file for it; with $ty:marks, for the print edition only. -->
  <xsl:function name="ty:image" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="marks" as="xs:boolean"/>
    <xsl:variable name="paths" select="t:meta-entry($e, 'images')"/>
    <xsl:variable name="path" select="if ($paths instance of map(*)) then $paths(string($e/@url)) else ()"/>
    <xsl:variable name="alt" select="normalize-space(string-join($e/desc, ' '))"/>
    <xsl:variable name="image" select="if ($path instance of xs:string) then '#ed-image(' || ty:string($path) || ', ' || (if ($alt) then ty:string($alt) else 'none') || ')' else ''"/>
    <xsl:sequence select="if ($marks and $image) then '&#xE002;' || $image || '&#xE003;' else $image"/>
  </xsl:function>

  <!-- An image of a figure, (path, alt text), when the print edition shows it (it has a path), else (). -->
  <xsl:function name="ty:figure-image" as="xs:string?">
    <xsl:param name="graphic" as="element()"/>
    <xsl:param name="path" as="item()?"/>
    <xsl:variable name="alt" select="normalize-space(string-join(($graphic/../figDesc, $graphic/desc), ' '))"/>
    <xsl:sequence select="if ($path instance of xs:string) then '(' || ty:string($path) || ', ' || (if ($alt) then ty:string($alt) else 'none') || '),' else ()"/>
  </xsl:function>

  <!-- The call of ed-figure, or '' when the figure shows nothing. -->
  <xsl:function name="ty:figure" as="xs:string">
    <xsl:param name="images" as="xs:string*"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:param name="caption" as="xs:string"/>
    <xsl:variable name="arguments" select="(
      if (exists($images)) then 'images: (' || string-join($images, ' ') || ')' else (),
      if ($description) then 'description: [' || $description || ']' else (),
      if ($caption) then 'caption: [' || $caption || ']' else ())"/>
    <xsl:sequence select="if (exists($arguments)) then '#ed-figure(' || string-join($arguments, ', ') || ')&#10;' else ''"/>
  </xsl:function>

  <!--
    One block. A block without reading text (a date line whose only content
    is a reading of another witness) gets no paragraph: its anchors and note
    calls stand between the blocks, so they key to the next line.
    With $ty:marks (the text made once for the print edition and the
    volume, see ty:print-of), a block whose phrases differ between the two
    is written twice, each version made from its own phrases.
  -->
  <xsl:template name="ty:leaf">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:variable name="has-text" select="t:has-reading-text($nodes)"/>
    <xsl:variable name="phrases" as="xs:string">
      <xsl:value-of>
        <xsl:apply-templates select="$nodes" mode="ty:inline">
          <xsl:with-param name="between-blocks" select="not($has-text)" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:value-of>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$ty:marks and ty:is-marked($phrases)">
        <xsl:value-of select="'&#xE002;' || ty:leaf-out($kind, $nodes, $has-text, ty:print-of($phrases), $in)
          || '&#xE003;&#xE000;' || ty:leaf-out($kind, $nodes, $has-text, ty:volume-of($phrases), $in) || '&#xE001;'"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="ty:leaf-out($kind, $nodes, $has-text, $phrases, $in)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The block as Typst: its phrases in an ed-block, or in a footnote's run,
    or (no reading text) its anchors and calls alone. A function, not a
    named template: a call-template with four parameters cost about 40 µs
    a block more (3,000 paragraphs, 12 rounds: 222 -> 187 µs each).
  -->
  <xsl:function name="ty:leaf-out" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="has-text" as="xs:boolean"/>
    <xsl:param name="phrases" as="xs:string"/>
    <xsl:param name="in" as="xs:string"/>
    <xsl:sequence select="
      if (not($has-text)) then (if (normalize-space($phrases)) then normalize-space($phrases) || '&#10;' else '')
      (: In a footnote, paragraphs of one run: the note number stands at the start of the first. :)
      else if ($in = 'note') then normalize-space($phrases) || '#parbreak()&#10;'
      (: A signature in capitals only is set with its capitals as small capitals (see ed-block).
         Its reading text is asked for only there: the walk costs more than the rest of a paragraph. :)
      else '#ed-block(' || ty:string($kind) || (if ($kind = ('signed', 'closer')) then (let $reading := t:reading-string($nodes)
          return if (matches($reading, '\p{Lu}') and not(matches($reading, '\p{Ll}'))) then ', caps: &quot;all&quot;' else '') else '')
        || ')[' || normalize-space($phrases) || ']&#10;'"/>
  </xsl:function>

  <!--
    The text made once for two outputs (tei-to-typst-volume.xsl, part
    'both'): the print edition's and the volume's differ only where the
    volume adds to a phrase (index markers, cross-references: between
    U+E000 and U+E001) or sets it otherwise (the print edition's version
    between U+E002 and U+E003, the volume's after it). These two give each
    output its text. The caller makes sure the document holds none of these
    four private-use characters (book.ts, MARKS). The whole text is
    resolved by book.ts (printOf, volumeOf: SaxonJS's translate() and
    replace() spread a long string's characters onto the stack).
  -->
  <xsl:function name="ty:is-marked" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="contains($s, '&#xE000;') or contains($s, '&#xE002;')"/>
  </xsl:function>

  <xsl:function name="ty:print-of" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (ty:is-marked($s)) then replace(replace($s, '&#xE000;[^&#xE001;]*&#xE001;', ''), '[&#xE002;&#xE003;]', '') else $s"/>
  </xsl:function>

  <xsl:function name="ty:volume-of" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (ty:is-marked($s)) then replace(replace($s, '&#xE002;[^&#xE003;]*&#xE003;', ''), '[&#xE000;&#xE001;]', '') else $s"/>
  </xsl:function>

  <!-- ============================================================ phrases -->

  <!--
    Text. The first text of a lemma carries the lemma's start anchor after
    its first character: an anchor in front of it would stay at the end of
    the previous line whenever the line breaks just before the lemma. So do
    the markers a caller asks to be set at the start of a text node
    ($ty:after-first: maps {'node': the text node, 'markup': what to set},
    the volume's index markers of a name, tei-to-typst-volume.xsl): a marker
    in front of a name that begins a page stayed on the page before. The
    first character is taken with its combining marks.
  -->
  <xsl:template match="text()" mode="ty:inline">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:param name="ty:after-first" as="map(*)*" tunnel="yes" select="()"/>
    <xsl:variable name="here" select="."/>
    <xsl:variable name="starts" select="if ($in = 'text') then ancestor::app[t:first-reading-text(lem[1]) is $here] else ()"/>
    <xsl:variable name="after" as="xs:string*" select="if (exists($ty:after-first) and $in = ('text', 'note')) then $ty:after-first[?node is $here]?markup else ()"/>
    <xsl:choose>
      <xsl:when test="exists($starts) or exists($after)">
        <xsl:variable name="s" select="ty:typo(t:text(.))"/>
        <xsl:variable name="head" select="replace($s, '^( ?[^ ]\p{M}*).*$', '$1', 's')"/>
        <xsl:value-of select="ty:markup($head)"/>
        <xsl:for-each select="reverse($starts)">#ed-anchor({t:app-number(.)}, "start")</xsl:for-each>
        <xsl:value-of select="$after" separator=""/>
        <xsl:value-of select="ty:markup(substring($s, string-length($head) + 1))"/>
      </xsl:when>
      <xsl:when test="$in = ('lemma', 'reading')">
        <xsl:value-of select="ty:literal(t:text(.))"/>
      </xsl:when>
      <!--
        The heading block and the edition notice: each text is a value of its own (a witness's title, its
        shelfmark), isolated in its direction (ty:isolated): an override opened in one does not reverse the next.
      -->
      <xsl:when test="$in = 'entry'">
        <xsl:value-of select="ty:markup(ty:typo(ty:isolated(t:text(.))))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="ty:markup(ty:typo(t:text(.)))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="ty:inline ty:blocks"/>

  <!--
    The phrases met most (names and dates) when nothing else applies to
    them: their content, decided before the rules below are tried on them
    (each asks a function of every element; a letter names dozens). Not one
    of them is silent or a block (text/reading.xsl); with an xml:id a note
    may be placed at one, in a register entry it is set apart: those go the
    long way. The volume's rule for names with @ref comes first (import
    precedence) and comes here through next-match.
  -->
  <xsl:template match="(persName | placeName | orgName | name | rs | date)[not(@xml:id)][not(parent::person or parent::place or parent::org or parent::event or parent::personGrp)]"
    mode="ty:inline" priority="11">
    <xsl:apply-templates mode="ty:inline"/>
  </xsl:template>

  <xsl:template _match="{$t:silent-pattern}" mode="ty:inline ty:blocks" priority="10"/>

  <!--
    Footnotes up to a bound, endnotes past it. Typst keeps every footnote of
    a document in memory while it lays out the pages and sets them at about
    2 ms each (measured on Typst 0.14: 1,000 footnotes 2.3 s and 0.4 GB,
    4,000 footnotes 9 s and 1.2 GB; the same notes as endnotes 0.5 s and
    0.2 GB, 2.2 s and 0.4 GB). A letter with more notes in its text than
    the bound has them as endnotes: a superscript number at each call
    (the note's number, as in the web and text editions) and the notes after
    the text under "Notes" (ed-endnote, ed-endnotes in endnotes.typ). The
    build reports it (src/render/print.ts, FOOTNOTE_LIMIT, passes the bound).
  -->
  <xsl:param name="footnote-limit" as="xs:double" select="1000"/>
  <!--
    Several documents in one transform (tei-to-typst-and-text.xsl, ty:batch):
    $batch (declared in text/reading.xsl), for each the map {'doc': the
    document, 'meta': its meta parameter}; see tei-to-html.xsl's $batch for
    why (README, Scale, the twenty-third pass).
  -->
  <!-- The documents of this transform: the batch's, or the source document. -->
  <xsl:variable name="ty:docs" as="node()*" select="if (array:size($batch) gt 0) then $batch?* ! ?doc else /"/>
  <!-- How each sets its notes (ty:note-setting), in the order of $ty:docs: computed once per document. -->
  <xsl:variable name="ty:note-settings" as="array(map(*))" select="array { $ty:docs ! ty:note-setting(.) }"/>

  <!-- How the document whose node is $node sets its notes: the map {'endnotes', 'delimited'} of ty:note-setting. -->
  <xsl:function name="ty:notes-of" as="map(*)">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="root" select="root($node)"/>
    <xsl:sequence select="((for $i in 1 to count($ty:docs) return if ($ty:docs[$i] is $root) then $ty:note-settings($i) else ()), ty:note-setting($root))[1]"/>
  </xsl:function>

  <!-- 'endnotes': whether the document's notes are endnotes; 'delimited': whether their texts are delimited (below). -->
  <xsl:function name="ty:note-setting" as="map(*)">
    <xsl:param name="root" as="node()"/>
    <xsl:variable name="endnotes" as="xs:boolean" select="count($root/descendant::text//note[not(ancestor::note)]) gt $footnote-limit"/>
    <xsl:sequence select="map {'endnotes': $endnotes, 'delimited': $endnotes and ty:endnotes-delimited($root)}"/>
  </xsl:function>
  <!--
    Each endnote's text is written at its call between U+E004 and U+E005, and
    src/render/print.ts (collectEndnotes) moves it into the list after the
    text: Typst then sets the list as it reads it, instead of finding the
    notes by a query, which lays out the whole document once more (10,000
    notes: about 0.1 GB less and a second less per PDF). Not when the TEI
    holds one of the two characters: then the notes stay at their calls
    and the list queries them. (The document's string value holds every text
    node's characters: one string searched twice, where matches() on each text
    node and attribute cost some 5 % of a letter of 10,000 notes.)
  -->
  <xsl:function name="ty:endnotes-delimited" as="xs:boolean">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="not(let $text := string($root) return contains($text, '&#xE004;') or contains($text, '&#xE005;')
      or exists($root/descendant::*/@*[contains(., '&#xE004;') or contains(., '&#xE005;')]))"/>
  </xsl:function>

  <!-- After the text: the endnotes, when the notes are set as endnotes. -->
  <xsl:template name="ty:endnotes">
    <xsl:if test="ty:notes-of(.)?endnotes">#ed-endnotes()&#10;</xsl:if>
  </xsl:template>

  <!-- A note of the text: a footnote (an endnote past the bound above). Inside a note or an apparatus entry: inline, in parentheses. -->
  <!-- The element a stand-off note points to: set as always, then the note as a footnote (common/notes.xsl). -->
  <xsl:template match="*[@xml:id][exists(c:notes-placed-at(.))]" mode="ty:inline" priority="50">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:next-match/>
    <xsl:if test="$in = 'text'">
      <xsl:apply-templates select="c:notes-placed-at(.)" mode="ty:inline">
        <xsl:with-param name="placed" select="true()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="ty:inline" priority="5">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:param name="placed" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <!-- (Only a note with a target may stand elsewhere: common/notes.xsl asked only then.) -->
      <xsl:when test="$in = 'text' and not($placed) and @target and exists(c:note-place(.))"/>
      <xsl:when test="$in = 'text'">
        <xsl:variable name="setting" select="ty:notes-of(.)"/>
        <xsl:text>{if ($setting?delimited) then '#ed-endnote(' || t:note-number(.) || ')&#xE004;' else if ($setting?endnotes) then '#ed-endnote(' || t:note-number(.) || ')[' else '#footnote['}</xsl:text>
        <xsl:choose>
          <xsl:when test="t:is-container(.)">
            <xsl:call-template name="ty:blocks-of">
              <xsl:with-param name="in" select="'note'" tunnel="yes"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates mode="ty:inline">
              <xsl:with-param name="in" select="'note'" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:text>{if ($setting?delimited) then '&#xE005;' else ']'}</xsl:text>
      </xsl:when>
      <xsl:when test="$in = 'lemma'"/>
      <xsl:otherwise>
        <!-- (Isolated in its direction, ty:isolated: the text goes on after it.) -->
        <xsl:variable name="note" as="xs:string">
          <xsl:value-of>
            <xsl:apply-templates mode="ty:inline"/>
          </xsl:value-of>
        </xsl:variable>
        <xsl:text> \({ty:isolated($note)}\)</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The lemma, between two anchors that the apparatus reads to find its line numbers. -->
  <xsl:template match="app" mode="ty:inline" priority="5">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:variable name="n" select="t:app-number(.)"/>
    <xsl:if test="$in = 'text' and empty(t:first-reading-text(lem[1]))">#ed-anchor({$n}, "start")</xsl:if>
    <xsl:apply-templates select="lem" mode="ty:inline"/>
    <xsl:if test="$in = 'text'">#ed-anchor({$n}, "end")</xsl:if>
  </xsl:template>

  <!-- A line break of the source; inside a word (break="no") the word is set whole. -->
  <!-- A line of the source ends; not before the first line of a block, nor again for an empty line (common/blocks.xsl). -->
  <xsl:template match="lb" mode="ty:inline" priority="5">
    <xsl:if test="not(@break = 'no') and not(c:lb-opens-block(.)) and not(c:lb-repeats(.))">#linebreak()</xsl:if>
  </xsl:template>

  <xsl:template match="space" mode="ty:inline" priority="5">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- The parts of a register entry (name, dates, note) are apart even where the source runs them together, each isolated in its direction (ty:isolated). -->
  <xsl:template match="*[parent::person or parent::place or parent::org or parent::event or parent::personGrp][t:is-tei(.)]" mode="ty:inline" priority="3.5">
    <xsl:variable name="part" as="xs:string">
      <xsl:value-of>
        <xsl:apply-templates mode="ty:inline"/>
      </xsl:value-of>
    </xsl:variable>
    <xsl:text> {ty:isolated($part)} </xsl:text>
  </xsl:template>

  <!-- The cells of a row in one line, set apart by a bar (as in the plain text). -->
  <xsl:template match="cell" mode="ty:inline" priority="5">
    <xsl:if test="preceding-sibling::cell"> | </xsl:if>
    <xsl:apply-templates mode="ty:inline"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="pb[normalize-space(@n)]" mode="ty:inline" priority="5">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:param name="between-blocks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$in = 'text' and $between-blocks">#ed-pb-margin({ty:string(ty:isolated(@n))})</xsl:if>
    <xsl:if test="$in = 'text' and not($between-blocks)">
      <xsl:if test="not(@break = 'no')">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:text>#ed-pb({ty:string(ty:isolated(@n))})</xsl:text>
      <xsl:if test="not(@break = 'no')">
        <xsl:text> </xsl:text>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A break without a number shows nothing, but is still a word boundary unless it stands inside a word. -->
  <xsl:template match="pb | cb" mode="ty:inline" priority="4">
    <xsl:if test="not(@break = 'no')">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="gap" mode="ty:inline" priority="5">{ty:markup('[…]')}</xsl:template>

  <!--
    Formatting (hi with @rend, del, emph, foreign, titles of books, mentioned,
    terms): runs of text in one combined style. The outermost formatting
    element sets its content as runs: each piece of it that is not itself
    formatting gets the functions of every formatting element around it (up
    to this one), each function once, and adjacent pieces of the same style
    share one call: <hi rend="italic">a <hi rend="bold">b</hi></hi> is
    #emph[a ]#emph[#strong[b]]. So nesting never goes deeper than the seven
    functions, however deep the TEI nests (Typst stops at a show rule depth
    of 64), and the formatting elements are walked in one loop, not one
    template call per level (SaxonJS runs out of stack at a few hundred).
    An element formatted twice the same way stays formatted once (an
    italic inside an italic stays italic, where Typst's emph would turn it
    upright again). Formatting with no run at all (an empty hi) is set as
    before: an empty call.
  -->
  <xsl:template match="hi[@rend] | del | emph | foreign | title[not(@level = ('a', 'u'))] | mentioned | term[ancestor::text]" mode="ty:inline" priority="5">
    <xsl:variable name="runs" as="map(*)*">
      <xsl:iterate select="descendant::node()">
        <!--
          The formatting elements open around the node (this one first), and
          the functions in force in each: arrays, which SaxonJS keeps as they
          are (a sequence handed from one iteration to the next grows into a
          chain of lazy iterators, quadratic in the depth).
        -->
        <xsl:param name="open" as="array(element())" select="[.]"/>
        <xsl:param name="styles" as="array(xs:string)" select="[string-join(ty:functions(.), ' ')]"/>
        <xsl:variable name="parent" select=".."/>
        <xsl:variable name="size" select="array:size($open)"/>
        <!-- Mostly the innermost one (tried first: a search of the whole list at every node would be quadratic in the depth). -->
        <xsl:variable name="at" select="if ($open($size) is $parent) then $size else (for $i in reverse(1 to $size - 1) return $i[$open($i) is $parent])[1]"/>
        <!-- Without its parent among them, the node is inside a piece already taken (its templates set it). -->
        <xsl:if test="exists($at)">
          <xsl:variable name="open" select="if ($at eq $size) then $open else array:subarray($open, 1, $at)"/>
          <xsl:variable name="styles" select="if ($at eq $size) then $styles else array:subarray($styles, 1, $at)"/>
          <xsl:choose>
            <xsl:when test="ty:is-formatting(.)">
              <xsl:variable name="around" select="tokenize($styles($at))"/>
              <xsl:next-iteration>
                <xsl:with-param name="open" select="array:append($open, .)"/>
                <xsl:with-param name="styles" select="array:append($styles, string-join(($around, ty:functions(.)[not(. = $around)]), ' '))"/>
              </xsl:next-iteration>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="map {'style': $styles($at), 'node': .}"/>
              <xsl:next-iteration>
                <xsl:with-param name="open" select="$open"/>
                <xsl:with-param name="styles" select="$styles"/>
              </xsl:next-iteration>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:if>
      </xsl:iterate>
    </xsl:variable>
    <xsl:if test="empty($runs)">
      <xsl:call-template name="ty:wrap">
        <xsl:with-param name="functions" select="ty:functions(.)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:for-each-group select="$runs" group-adjacent="?style">
      <xsl:variable name="functions" select="tokenize(current-grouping-key())"/>
      <xsl:for-each select="$functions">#{.}[</xsl:for-each>
      <xsl:apply-templates select="current-group()?node" mode="ty:inline"/>
      <xsl:for-each select="$functions">]</xsl:for-each>
    </xsl:for-each-group>
  </xsl:template>

  <!--
    Whether a node is formatting that joins the run around it: the elements
    of the template above, unless something else must happen at them (a
    silent element sets nothing; a stand-off note placed at one follows it).
  -->
  <xsl:function name="ty:is-formatting" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/(self::hi[@rend] | self::del | self::emph | self::foreign | self::title[not(@level = ('a', 'u'))] | self::mentioned | self::term[ancestor::text]))
      and not(t:is-silent($n)) and empty(c:notes-placed-at($n))
      (: A phrase in a language written the other way is set by its own template, in its language. :)
      and not($n/@xml:lang and c:turns($n))"/>
  </xsl:function>

  <!-- The Typst functions a formatting element calls, in this order. -->
  <xsl:function name="ty:functions" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="rend" select="tokenize(lower-case(normalize-space($e/@rend)), ' ')"/>
    <xsl:sequence select="if ($e/self::del) then 'strike'
      else if (not($e/self::hi)) then 'emph'
      else (
      'emph'[$rend = ('italic', 'italics', 'i', 'it')],
      'strong'[$rend = ('bold', 'b', 'strong')],
      'smallcaps'[$rend = ('smallcaps', 'small-caps', 'sc')],
      'super'[$rend = ('sup', 'superscript', 'super')],
      'sub'[$rend = ('sub', 'subscript')],
      'underline'[$rend = ('underline', 'u')],
      'strike'[$rend = ('strike', 'strikethrough', 'line-through')])"/>
  </xsl:function>

  <!-- Articles and unpublished titles in quotation marks (generated by Typst, outside the copy text). -->
  <xsl:template match="title[@level = ('a', 'u')]" mode="ty:inline" priority="5">
    <xsl:call-template name="ty:wrap">
      <xsl:with-param name="functions" select="'quote'"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    Links to the web only (http, https, mailto, and only the characters RFC 3986 allows in a URL);
    other pointers (#ids, relative files, other schemes) stay plain text.
  -->
  <xsl:template match="ref[ty:is-web-url(@target)] | ptr[ty:is-web-url(@target)]" mode="ty:inline" priority="5">
    <xsl:text>#link({ty:string(@target)})[</xsl:text>
    <xsl:choose>
      <xsl:when test="self::ptr or not(normalize-space())">{ty:markup(normalize-space(@target))}</xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="ty:inline"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>]</xsl:text>
  </xsl:template>

  <!--
    An empty ref or a ptr to something else than a web address: words rather than nothing ("Compare the undated
    letter here."), as the text edition gives them: another letter of the edition by its title, as the web page
    shows it, else its target ("K_2430" where the build names no letter by it).
  -->
  <xsl:template match="ref[normalize-space(@target)][not(node()[self::* or normalize-space()])] | ptr[normalize-space(@target)][not(starts-with(normalize-space(@target), '#')) or exists(c:within-words(.))]" mode="ty:inline" priority="4">
    <xsl:text>{ty:markup(ty:isolated(t:pointer-words(.)))}</xsl:text>
  </xsl:template>

  <xsl:function name="ty:is-web-url" as="xs:boolean">
    <xsl:param name="target" as="attribute()?"/>
    <xsl:sequence select="matches(normalize-space($target), '^(https?://|mailto:)[A-Za-z0-9\-._~:/?#\[\]@!$&amp;''()*+,;=%]+$', 'i')"/>
  </xsl:function>

  <!-- A block met inside a phrase (an address inside a reading): its words, set off by spaces. -->
  <xsl:template match="*[t:is-block(.)]" mode="ty:inline" priority="3">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="ty:inline"/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Nested Typst calls around the element's phrases: emph(strong(…)). -->
  <xsl:template name="ty:wrap">
    <xsl:param name="functions" as="xs:string*"/>
    <xsl:for-each select="$functions">#{.}[</xsl:for-each>
    <xsl:apply-templates mode="ty:inline"/>
    <xsl:for-each select="$functions">]</xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
