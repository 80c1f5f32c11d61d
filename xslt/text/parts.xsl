<?xml version="1.0" encoding="UTF-8"?>
<!--
  The parts of the plain-text edition (src/render/text.ts), as one map
  (template t:parts, on the document node):

    plain      the reading text, final form of <id>.txt: one block (paragraph,
               heading, date line, signature …) per line, no hard wrapping, a
               blank line between blocks, a final newline. Lemmata only (the
               copy text), no notes, no page breaks, characters exactly as in
               the TEI (straight quotes and the double hyphen stay), white space collapsed.
    blocks     the same blocks for the annotated edition, as segments:
               strings, and markers {note: n}, {app: n, edge: 'start'|'end'},
               {pb: 'n', inWord}, {del: 'text'} (a deletion: not in the
               plain text); each block has kind (its TEI element), depth
               (quotations, lists, stanzas around it) and editorial (back
               matter and div[@type=editorial]: set apart).
    notes      [{n, text}] the notes in text order (numbers as in the web and
               print editions), nested notes inline in parentheses.
    bibliography the works of standOff's listBibl (common/bibliography.xsl),
               one string per entry (and per heading), notes in them inline.
    apparatus  [{n, lemma, lemmaWits, readings: [{text, wits}]}] one entry
               per app, in text order; lemma and readings as plain strings
               (empty when a witness has no text there).
    sourceDesc the sourceDesc when it has no witness list (the document
               model only reads witnesses), else '': one paragraph per line,
               a manuscript description as labelled fields.

  Wrapping at 72 columns, line numbers and keying the apparatus to them are
  layout and happen in TypeScript; this stylesheet only decides what the
  reading text is (xslt/text/reading.xsl).

  Two stylesheets include this module: tei-to-text.xsl (the text alone)
  and tei-to-typst-and-text.xsl (the print edition's Typst and the text in
  one transform, as a build makes both). It includes nothing: each of them
  includes (or imports) what it calls, text/reading.xsl,
  common/ms-fields.xsl, common/notes.xsl and common/bibliography.xsl, once
  (a module included twice declares its functions twice).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:mode name="t:inline" on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="t:flat" on-no-match="shallow-skip" use-accumulators="#all"/>

  <xsl:template name="t:parts">
    <!-- Asked by the print edition too (tei-to-typst-and-text.xsl finds them once for both). -->
    <xsl:param name="texts" as="element(text)*" select="//text[not(ancestor::text)]"/>
    <xsl:param name="apps" as="element(app)*" select="$texts//app"/>
    <xsl:param name="notes" as="element(note)*" select="$texts//note[not(ancestor::note)]"/>
    <xsl:param name="entries" as="element()*" select="c:bibliography-entries(.)"/>
    <xsl:variable name="blocks" as="map(*)*">
      <xsl:for-each select="$texts">
        <xsl:call-template name="t:blocks-of"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="map {
      'plain': t:plain($blocks),
      'blocks': array { $blocks },
      'notes': array { $notes ! map {
        'n': t:note-number(.),
        'text': normalize-space(string-join(t:flat(node())))
      } },
      'apparatus': array { $apps ! t:app-entry(.) },
      'bibliography': array { $entries ! normalize-space(string-join(t:flat(node()))) },
      'sourceDesc': string-join(/TEI/teiHeader/fileDesc/sourceDesc[not(.//listWit//witness)]/* ! t:source-paragraph(.)[. ne ''], '&#10;')
    }"/>
  </xsl:template>

  <!-- ============================================================ blocks -->

  <!--
    The blocks of a container: block children in turn, loose phrases between them as anonymous blocks.
    $described: the container is a figure without an image, whose description (figDesc, not reading text
    elsewhere: the image's alternative text) is a block of its own, in square brackets: the editors' words,
    as the web page and the print edition give it.
  -->
  <xsl:template name="t:blocks-of" as="map(*)*">
    <xsl:param name="parent" as="element()" select="."/>
    <xsl:param name="described" as="xs:boolean" select="false()"/>
    <xsl:for-each-group select="$parent/node()" group-adjacent="t:is-block(.) or ($described and self::figDesc)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:for-each select="current-group()">
            <xsl:choose>
              <xsl:when test="self::figDesc">
                <xsl:variable name="segments" as="item()*">
                  <xsl:apply-templates mode="t:inline"/>
                </xsl:variable>
                <xsl:if test="normalize-space(string-join($segments[. instance of xs:string]))">
                  <xsl:sequence select="map { 'kind': 'figDesc', 'depth': t:depth(.), 'editorial': t:is-editorial(.), 'segments': array { '[', $segments, ']' } }"/>
                </xsl:if>
              </xsl:when>
              <xsl:when test="self::figure">
                <xsl:call-template name="t:blocks-of">
                  <xsl:with-param name="described" select="not(graphic | media)"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:when test="t:is-container(.)">
                <xsl:call-template name="t:blocks-of"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:sequence select="t:block(., node(), false())"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:when>
        <!-- White space between blocks makes no block (t:block would find neither text nor markers in it). -->
        <xsl:when test="t:is-blank(current-group())"/>
        <xsl:otherwise>
          <xsl:sequence select="t:block($parent, current-group(), true())"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <!-- One block (the owner names its kind); nothing when it holds neither text nor markers (white space between blocks, silent elements). -->
  <xsl:function name="t:block" as="map(*)?">
    <xsl:param name="owner" as="element()"/>
    <xsl:param name="nodes" as="node()*"/>
    <!-- Loose phrases of a container: indented like the container's blocks. -->
    <xsl:param name="anonymous" as="xs:boolean"/>
    <xsl:variable name="segments" as="item()*">
      <xsl:apply-templates select="$nodes" mode="t:inline"/>
    </xsl:variable>
    <xsl:if test="exists($segments[. instance of map(*)]) or normalize-space(string-join($segments[. instance of xs:string]))">
      <xsl:sequence select="map {
        'kind': local-name($owner),
        'depth': t:depth($owner) + (if ($anonymous and t:is-depth-container($owner)) then 1 else 0),
        'editorial': t:is-editorial($owner),
        'segments': array { $segments }
      }"/>
    </xsl:if>
  </xsl:function>

  <!-- The plain text: each block's words on one line, blank lines between. -->
  <xsl:function name="t:plain" as="xs:string">
    <xsl:param name="blocks" as="map(*)*"/>
    <!--
      Each block's segments by index, not ?segments?*: SaxonJS 2.7 makes the
      result of ?* by concatenating each member onto a new copy of what it has
      so far (quadratic in the array's size: a paragraph of 20,000 notes has
      40,000 segments, which took some 25 s).
    -->
    <xsl:variable name="lines" select="$blocks ! (let $s := ?segments return
      normalize-space(string-join((1 to array:size($s)) ! $s(.)[. instance of xs:string])))[. ne '']"/>
    <xsl:sequence select="if (empty($lines)) then '' else string-join($lines, '&#10;&#10;') || '&#10;'"/>
  </xsl:function>

  <!-- ============================================================ phrases of the reading text -->

  <xsl:template match="text()" mode="t:inline t:flat">
    <xsl:sequence select="t:text(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="t:inline t:flat"/>

  <!--
    The phrases met most (names and dates) when nothing else applies to
    them: their content, decided before the rules below are tried on them
    (each asks a function of every element). Not one of them is silent or
    a block (text/reading.xsl); with an xml:id a note may be placed at one,
    in a register entry it is set apart: those go the long way.
  -->
  <xsl:template match="(persName | placeName | orgName | name | rs | date)[not(@xml:id)][not(parent::person or parent::place or parent::org or parent::event or parent::personGrp)]"
    mode="t:inline t:flat" priority="11">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <xsl:template _match="{$t:silent-pattern}" mode="t:inline t:flat" priority="10"/>

  <!-- A note's call; a stand-off note's call stands at its target instead (common/notes.xsl). -->
  <xsl:template match="note" mode="t:inline" priority="5">
    <!-- (Only a note with a target may stand elsewhere: common/notes.xsl asked only then.) -->
    <xsl:if test="not(@target) or empty(c:note-place(.))">
      <xsl:sequence select="map { 'note': t:note-number(.) }"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*[@xml:id][exists(c:notes-placed-at(.))]" mode="t:inline" priority="50">
    <xsl:next-match/>
    <xsl:sequence select="c:notes-placed-at(.) ! map { 'note': t:note-number(.) }"/>
  </xsl:template>

  <xsl:template match="app" mode="t:inline" priority="5">
    <xsl:variable name="n" select="t:app-number(.)"/>
    <xsl:sequence select="map { 'app': $n, 'edge': 'start' }"/>
    <xsl:apply-templates select="lem" mode="t:inline"/>
    <xsl:sequence select="map { 'app': $n, 'edge': 'end' }"/>
  </xsl:template>

  <xsl:template match="pb[@n]" mode="t:inline" priority="5">
    <xsl:sequence select="map { 'pb': normalize-space(@n), 'inWord': @break = 'no' }"/>
  </xsl:template>

  <!-- A line, page or column break is a word boundary, except inside a word (break="no"). -->
  <xsl:template match="lb | pb | cb" mode="t:inline t:flat" priority="4">
    <xsl:sequence select="if (@break = 'no') then '' else ' '"/>
  </xsl:template>

  <xsl:template match="space" mode="t:inline t:flat" priority="4">
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- The parts of a register entry (name, dates, note) are apart even where the source runs them together. -->
  <xsl:template match="*[parent::person or parent::place or parent::org or parent::event or parent::personGrp][t:is-tei(.)]" mode="t:inline t:flat" priority="3.5">
    <xsl:sequence select="' '"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- The cells of a row on one line, set apart by a bar (punctuation, not a word). -->
  <xsl:template match="cell" mode="t:inline t:flat" priority="4">
    <xsl:if test="preceding-sibling::cell">
      <xsl:sequence select="' | '"/>
    </xsl:if>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- A deletion is not part of the reading text; the annotated edition shows it as ⟦deleted⟧. -->
  <xsl:template match="del" mode="t:inline" priority="5">
    <xsl:sequence select="map { 'del': normalize-space(string-join(t:flat(node()))) }"/>
  </xsl:template>

  <xsl:template match="del" mode="t:flat" priority="5">
    <xsl:sequence select="'⟦', t:flat(node()), '⟧'"/>
  </xsl:template>

  <xsl:template match="gap" mode="t:inline t:flat" priority="5">
    <xsl:sequence select="'[…]'"/>
  </xsl:template>

  <!-- A block met inside a phrase (an address inside a lemma): its words, set off by spaces. -->
  <xsl:template match="*[t:is-block(.)]" mode="t:inline t:flat" priority="3">
    <xsl:sequence select="' '"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- ============================================================ flat strings: notes and apparatus -->

  <xsl:function name="t:flat" as="xs:string*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:apply-templates select="$nodes" mode="t:flat"/>
  </xsl:function>

  <!-- A note inside a note or a bibliography entry: inline, in parentheses. A note inside a lemma or reading: its call. -->
  <xsl:template match="note" mode="t:flat" priority="5">
    <xsl:sequence select="if (ancestor::note or ancestor::standOff) then (' (', t:flat(node()), ')') else '[' || t:note-number(.) || ']'"/>
  </xsl:template>

  <!-- A pointer without words (ptr, an empty ref) in a note: words, as the print edition gives them (a note that only points to another letter was empty): another letter of the edition by its title, else its target (t:pointer-words). -->
  <xsl:template match="ptr[normalize-space(@target)] | ref[normalize-space(@target)][not(node()[self::* or normalize-space()])]" mode="t:flat" priority="5">
    <xsl:sequence select="t:pointer-words(.)"/>
  </xsl:template>

  <!-- The same in the text, when it leads out of the letter (another letter, a web address): "See Clara Whitcombe to Anders Lindqvist, 14 March 1851 and", as the print edition, where the sentence read "See and"; a pointer within the letter stays out. -->
  <xsl:template match="ptr[normalize-space(@target)][not(starts-with(normalize-space(@target), '#')) or exists(c:within-words(.))] | ref[normalize-space(@target)][not(starts-with(normalize-space(@target), '#')) or exists(c:within-words(.))][not(node()[self::* or normalize-space()])]" mode="t:inline" priority="5">
    <xsl:sequence select="t:pointer-words(.)"/>
  </xsl:template>

  <xsl:template match="app" mode="t:flat" priority="5">
    <xsl:apply-templates select="lem" mode="t:flat"/>
  </xsl:template>

  <xsl:function name="t:source-paragraph" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::msDesc) then string-join(c:ms-fields($e) ! (?label || ': ' || ?value || (if (matches(?value, '[.!?]$')) then '' else '.')), ' ')
      else normalize-space(string-join(t:flat($e/node())))"/>
  </xsl:function>

  <xsl:function name="t:app-entry" as="map(*)">
    <xsl:param name="app" as="element(app)"/>
    <xsl:sequence select="map {
      'n': t:app-number($app),
      'lemma': normalize-space(string-join(t:flat($app/lem[1]/node()))),
      'lemmaWits': array { t:lemma-sigla($app) },
      'readings': array { ($app/rdg | $app/rdgGrp/rdg) ! map {
        'text': normalize-space(string-join(t:flat(node()))),
        'wits': array { t:sigla(@wit) }
      } }
    }"/>
  </xsl:function>

</xsl:stylesheet>
