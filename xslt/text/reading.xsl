<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the reading text of a TEI document is, shared by the plain-text
  (tei-to-text.xsl) and the print (tei-to-typst.xsl) stylesheets:

  - which elements are blocks (a paragraph, a line of the copy text) and
    which are phrases (the list every output shares: common/blocks.xsl);
  - which elements are not reading text: variant readings (rdg: the lemma is
    the copy text), notes (they become note calls), choice alternatives,
    forme work, pointers and other empty or editorial-only elements;
  - numbering of notes and of apparatus entries (accumulators, document
    order: never xsl:number level="any", which is quadratic in SaxonJS);
  - witness sigla and roles from sourceDesc/listWit.

  Note numbers follow the same rule as the web edition (every note in the
  text that is not inside another note), so that note 3 is note 3 in every
  output.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:include href="../common/blocks.xsl"/>

  <xsl:variable name="t:tei-ns" as="xs:string" select="'http://www.tei-c.org/ns/1.0'"/>

  <!-- Not reading text: rendered as nothing (notes and page breaks have templates of their own). -->
  <xsl:variable name="t:silent-names" as="xs:string*" static="yes" select="(
    'rdg', 'rdgGrp', 'witDetail', 'wit', 'fw', 'interp', 'interpGrp', 'spanGrp', 'link', 'linkGrp',
    'anchor', 'index', 'milestone', 'cb', 'gb', 'graphic', 'media', 'binaryObject', 'figDesc',
    'teiHeader', 'standOff', 'facsimile', 'sourceDoc', 'certainty', 'precision', 'respons', 'alt', 'altGrp',
    'join', 'joinGrp', 'timeline', 'substJoin')"/>

  <!--
    The same as a pattern (t:is-silent as a match): the rules that drop
    silent elements (_match="{$t:silent-pattern}") are then tried only on
    elements of these names, where a rule *[t:is-silent(.)] called the
    function on every element it met.
  -->
  <xsl:variable name="t:silent-pattern" as="xs:string" static="yes" select="string-join(($t:silent-names,
    'span[@from or @to or parent::spanGrp]', 'choice/sic[../corr]', 'choice/orig[../reg]', 'choice/abbr[../expan]', 'choice/seg[preceding-sibling::seg]'), ' | ')"/>

  <!--
    Looked up once per element (every phrase of every output asks): a map,
    not a scan of the list; written out as a map constructor at compile
    time, as common/blocks.xsl's $c:block-kind (map:merge cost about 1 ms
    in every transform).
  -->
  <xsl:variable name="t:silent" as="map(xs:string, xs:boolean)"
    _select="map {{ {string-join($t:silent-names ! ('''' || . || ''': true()'), ', ')} }}"/>

  <xsl:function name="t:is-tei" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="$n instance of element() and namespace-uri($n) eq $t:tei-ns"/>
  </xsl:function>

  <!-- A block of the reading text: each is a paragraph or a line of its own, or a container of such (the one list of every output, common/blocks.xsl). -->
  <xsl:function name="t:is-block" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <!--
      The cheap test first: most nodes asked are phrases or text, whose name
      (a text node's is '') is none of the block names; c:is-block holds
      only for a name of its map (common/blocks.xsl), and is asked only of
      the names that may or may not be blocks ($t:block-kind below).
    -->
    <xsl:variable name="kind" select="$t:block-kind(local-name($n))"/>
    <xsl:sequence select="exists($kind) and $n instance of element() and namespace-uri($n) eq $t:tei-ns and ($kind eq 'block' or c:is-block($n))"/>
  </xsl:function>

  <!--
    common/blocks.xsl's names without the silent ones (figDesc): of a TEI
    element whose name is 'block' here, t:is-block holds without a further
    call (c:is-block holds, and it is not silent: no block name is a span or
    a child of choice that t:is-silent drops); a 'maybe' asks c:is-block.
  -->
  <xsl:variable name="t:block-kind" as="map(xs:string, xs:string)"
    _select="map {{ {string-join(($c:block-names[not(. = $t:silent-names)] ! ('''' || . || ''': ''block'''),
      $c:maybe-block-names[not(. = $t:silent-names)] ! ('''' || . || ''': ''maybe''')), ', ')} }}"/>

  <!-- A block whose children include blocks: its own loose text forms anonymous blocks between them. -->
  <xsl:function name="t:is-container" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <!-- The name first (a map lookup): most children are phrases, asked without a call. -->
    <xsl:sequence select="exists($e/*[map:contains($t:block-kind, local-name())][t:is-block(.)])"/>
  </xsl:function>

  <xsl:function name="t:is-silent" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <!-- Asked of every element by every pattern of the text and print modes: no nested call, the name looked up in a map. -->
    <xsl:sequence select="$n instance of element() and namespace-uri($n) eq $t:tei-ns and (map:contains($t:silent, local-name($n))
      (: a span is reading text where it wraps the text (an incipit); an annotation of a range (@from/@to, in a spanGrp) is not :)
      or ($n/self::span and ($n/@from or $n/@to or $n/parent::spanGrp))
      (: of choice, the reading text shows corr, reg, expan; sic, orig, abbr only when they stand alone :)
      or ($n/parent::choice and (
           ($n/self::sic and $n/../corr) or ($n/self::orig and $n/../reg) or ($n/self::abbr and $n/../expan)
           or ($n/self::seg and $n/preceding-sibling::seg))))"/>
  </xsl:function>

  <!--
    The text nodes of the reading text among these nodes and their
    descendants, in document order: not inside a note, a reading or another
    silent element. One loop over the descendants (keeping the elements
    whose content counts), not one template call per level: deeply nested
    phrases (2,000 hi) would run SaxonJS out of stack.
  -->
  <xsl:function name="t:reading-nodes" as="text()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each select="$nodes">
      <xsl:variable name="top" select="."/>
      <xsl:iterate select="descendant-or-self::node()">
        <!-- The elements around the node whose content is reading text, outermost first (an array: see ty:inline on hi). -->
        <xsl:param name="open" as="array(element())" select="[]"/>
        <xsl:variable name="parent" select=".."/>
        <xsl:variable name="size" select="array:size($open)"/>
        <!-- Mostly the innermost one (tried first: a search of the whole list at every node would be quadratic in the depth). -->
        <xsl:variable name="at" select="if (. is $top) then 0 else if ($size gt 0 and $open($size) is $parent) then $size else (for $i in reverse(1 to $size - 1) return $i[$open($i) is $parent])[1]"/>
        <xsl:choose>
          <xsl:when test="empty($at)"/>
          <xsl:when test="self::text()">
            <xsl:sequence select="."/>
          </xsl:when>
          <xsl:when test="self::*[not(t:is-silent(.) or self::note)]">
            <xsl:next-iteration>
              <xsl:with-param name="open" select="array:append(if ($at eq $size) then $open else array:subarray($open, 1, $at), .)"/>
            </xsl:next-iteration>
          </xsl:when>
        </xsl:choose>
      </xsl:iterate>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="t:reading-string" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="string-join(t:reading-nodes($nodes))"/>
  </xsl:function>

  <xsl:function name="t:has-reading-text" as="xs:boolean">
    <xsl:param name="nodes" as="node()*"/>
    <!-- Mostly answered by a text node among the nodes themselves (always reading text), without the walk. -->
    <xsl:sequence select="exists($nodes[. instance of text()][normalize-space()]) or (some $x in t:reading-nodes($nodes) satisfies normalize-space($x))"/>
  </xsl:function>

  <!-- Only white-space text nodes: what stands between the blocks of a container (the group of loose nodes between two blocks, met once per block). -->
  <xsl:function name="t:is-blank" as="xs:boolean">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="every $n in $nodes satisfies ($n instance of text() and not(normalize-space($n)))"/>
  </xsl:function>

  <!-- The first text node of the element's reading text (where a lemma starts). -->
  <xsl:function name="t:first-reading-text" as="text()?">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="t:reading-nodes($e/node())[normalize-space()][1]"/>
  </xsl:function>

  <!-- Set apart as editorial matter: the back matter and divisions typed "editorial" (e.g. the Public Papers note). -->
  <xsl:function name="t:is-editorial" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/ancestor-or-self::back) or exists($n/ancestor-or-self::div[@type = 'editorial'])"/>
  </xsl:function>

  <!-- Nesting of quotations, lists and stanzas around a block (for indentation). -->
  <xsl:function name="t:depth" as="xs:integer">
    <xsl:param name="n" as="node()"/>
    <!-- The name first: most ancestors (text, body, div) are none of these, and a name costs less than the function. -->
    <xsl:sequence select="count($n/ancestor::*[local-name() = $t:depth-names][t:is-depth-container(.)])"/>
  </xsl:function>

  <xsl:function name="t:is-depth-container" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="local-name($e) = $t:depth-names and t:is-tei($e) and t:is-block($e)"/>
  </xsl:function>

  <xsl:variable name="t:depth-names" as="xs:string*" select="('quote', 'q', 'cit', 'said', 'list', 'lg', 'epigraph')"/>

  <!-- ============================================================ numbering -->

  <xsl:accumulator name="t:note-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//note[not(ancestor::note)]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:accumulator name="t:app-number" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="text//app" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="t:note-number" as="xs:integer">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="$note/accumulator-before('t:note-number')"/>
  </xsl:function>

  <xsl:function name="t:app-number" as="xs:integer">
    <xsl:param name="app" as="element(app)"/>
    <xsl:sequence select="$app/accumulator-before('t:app-number')"/>
  </xsl:function>

  <!-- ============================================================ witnesses -->

  <!-- "#PPP #FRUS" → ("PPP", "FRUS"); pointers into other files keep their fragment only. -->
  <xsl:function name="t:sigla" as="xs:string*">
    <xsl:param name="wit" as="attribute()?"/>
    <xsl:sequence select="for $p in tokenize(normalize-space($wit), ' ')[. ne ''] return replace($p, '^.*#', '')"/>
  </xsl:function>

  <!-- The witnesses of the header (root//teiHeader//sourceDesc//listWit//witness[@xml:id]), found in one walk of the document however often they are asked (the copy text's siglum, per apparatus entry). -->
  <xsl:key name="t:witnesses" match="witness[@xml:id][ancestor::listWit[ancestor::sourceDesc[ancestor::teiHeader]]]" use="0"/>

  <xsl:function name="t:witnesses" as="element(witness)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="if (root($doc) instance of document-node()) then key('t:witnesses', 0, root($doc))
      else root($doc)//teiHeader//sourceDesc//listWit//witness[@xml:id]"/>
  </xsl:function>

  <xsl:function name="t:has-role" as="xs:boolean">
    <xsl:param name="witness" as="element(witness)"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:sequence select="(tokenize(normalize-space($witness/@ana), ' ') ! replace(., '^.*#', '')) = $role"/>
  </xsl:function>

  <!-- The copy text's siglum: the witness with the role copy-text, else the lemma's witness, else nothing. -->
  <xsl:function name="t:copy-text-siglum" as="xs:string?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="(t:witnesses($doc)[t:has-role(., 'copy-text')]/string(@xml:id),
      (root($doc)//text//lem/t:sigla(@wit))[1])[1]"/>
  </xsl:function>

  <!-- The sigla a lemma stands for: its @wit, else the copy text. -->
  <xsl:function name="t:lemma-sigla" as="xs:string*">
    <xsl:param name="app" as="element(app)"/>
    <xsl:variable name="own" select="t:sigla($app/lem[1]/@wit)"/>
    <xsl:sequence select="if (exists($own)) then $own else t:copy-text-siglum($app)"/>
  </xsl:function>

  <!-- ============================================================ word boundaries -->

  <!--
    A break inside a word (lb, pb or cb with break="no") joins the two parts:
    the white space that only lays out the source around it is not a word
    boundary. Any other break, and <space/>, is one.
  -->
  <xsl:function name="t:is-word-break" as="xs:boolean">
    <xsl:param name="n" as="node()?"/>
    <xsl:sequence select="exists($n[self::lb or self::pb or self::cb][@break = 'no'])"/>
  </xsl:function>

  <!-- A text node as it stands in the reading text: white space collapsed, trimmed beside a break inside a word. -->
  <xsl:function name="t:text" as="xs:string">
    <xsl:param name="x" as="text()"/>
    <!-- White space that only indents the children of an element-only container (choice, subst, app) is no word boundary. -->
    <!-- Called for every text node of every output: t:collapse and t:is-word-break written out here (a call costs more than its work). -->
    <xsl:variable name="s" select="if ($x/parent::*[self::choice or self::subst or self::app or self::rdgGrp] and not(normalize-space($x))) then '' else replace($x, '[ &#9;&#10;&#13;]+', ' ')"/>
    <xsl:variable name="s" select="if (exists($x/preceding-sibling::node()[1][self::lb or self::pb or self::cb][@break = 'no'])) then replace($s, '^ ', '') else $s"/>
    <xsl:sequence select="if (exists($x/following-sibling::node()[1][self::lb or self::pb or self::cb][@break = 'no'])) then replace($s, ' $', '') else $s"/>
  </xsl:function>

  <!-- ============================================================ the other letters of the edition -->

  <!--
    The document's own data, a JSON object (from src/render/print.ts for the
    print edition: see tei-to-typst.xsl; from src/render/text.ts for the text
    edition alone); a transform of several documents gives each its own, as
    the 'meta' of its entry of $batch ({'doc', 'meta'}: tei-to-typst-and-text.xsl's
    ty:batch). Of it, this module reads 'documents': the other letters of the
    edition the document points to, by the path its pointers write
    (map {'other.xml': map {'id', 'title'}}), the map the web page gets
    (tei-to-html.xsl's documents, src/build/document.ts linkedLetters).
  -->
  <xsl:param name="meta" as="xs:string" select="'{}'"/>
  <xsl:param name="batch" as="array(map(*))" select="[]"/>

  <!-- The meta of a one-document transform (tei-to-typst-volume.xsl takes the print edition's, its print-meta). -->
  <xsl:variable name="t:meta-json" as="xs:string" select="$meta"/>

  <!--
    The entry `key` of the meta of the document a node is in ('documents', the
    print edition's 'images'), or (): the JSON is read only when it names the
    key (most letters point to no other and show no image).
  -->
  <xsl:function name="t:meta-entry" as="item()?">
    <xsl:param name="node" as="node()"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="json" select="if (array:size($batch) eq 0) then $t:meta-json else ($batch?*[?doc is root($node)]?meta, '{}')[1]"/>
    <xsl:sequence select="if (contains($json, '&quot;' || $key || '&quot;')) then parse-json($json)($key) else ()"/>
  </xsl:function>

  <!--
    The letter of the edition a pointer names by its first pointer's path
    (`other.xml`, `other.xml#p3`, a bare `letter-00002`), or (): the one the
    web page links and shows by its title (h:linked-letter in html/text.xsl).
  -->
  <xsl:function name="t:linked-letter" as="map(*)?">
    <xsl:param name="target" as="attribute()?"/>
    <xsl:variable name="path" select="substring-before(tokenize(normalize-space($target))[1] || '#', '#')"/>
    <xsl:variable name="documents" select="if ($path = '') then () else t:meta-entry($target, 'documents')"/>
    <xsl:sequence select="if ($documents instance of map(*)) then $documents($path)[. instance of map(*)] else ()"/>
  </xsl:function>

  <!--
    What a pointer without words of its own (a ptr, an empty ref) gives as
    words: another letter of the edition by its title, as the web page
    shows it (its file name means nothing to a reader); else its target.
  -->
  <xsl:function name="t:pointer-words" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(t:linked-letter($e/@target)?title[. instance of xs:string][normalize-space()], c:within-words($e), normalize-space($e/@target))[1]"/>
  </xsl:function>

  <!-- ============================================================ strings -->

  <!-- Runs of XML white space become one space (kept at the edges: the neighbours decide). -->
  <xsl:function name="t:collapse" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '[ &#9;&#10;&#13;]+', ' ')"/>
  </xsl:function>

  <!-- A lemma or reading as the apparatus shows it: more than six words as "first two … last two". -->
  <xsl:function name="t:abbreviate" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="words" select="tokenize(normalize-space($s), ' ')[. ne '']"/>
    <xsl:sequence select="if (count($words) le 6) then string-join($words, ' ')
      else string-join(($words[position() le 2], '…', $words[position() gt last() - 2]), ' ')"/>
  </xsl:function>

</xsl:stylesheet>
