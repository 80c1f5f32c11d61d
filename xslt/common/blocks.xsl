<?xml version="1.0" encoding="UTF-8"?>
<!--
  Which TEI elements are blocks (a paragraph, a line of the copy text, a
  register entry, or a container of such) and which are phrases: one list
  for every output, so that the web, print and text editions cannot
  disagree about where a word ends (html/common.xsl and text/reading.xsl
  both decide through c:is-block).

  What each output then does with a block is its own business: the web
  edition makes a <div> (span.block inside phrasing content), the text and
  print editions a paragraph or line of its own. Elements that are not
  reading text (text/reading.xsl's silent elements) and notes (a note's call
  is a phrase; the note itself has templates of its own everywhere) are
  decided by each output before it asks this module.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!-- Always blocks. -->
  <xsl:variable name="c:block-names" as="xs:string*" static="yes" select="(
    'text', 'front', 'body', 'back', 'group', 'floatingText',
    'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7',
    'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'label', 'table', 'row', 'figure', 'figDesc',
    'sp', 'spGrp', 'speaker', 'stage', 'castList', 'castGroup', 'castItem', 'u',
    'opener', 'closer', 'dateline', 'salute', 'signed', 'byline', 'docDate', 'address', 'addrLine',
    'postscript', 'trailer', 'epigraph', 'argument', 'titlePage', 'docTitle', 'titlePart',
    'docImprint', 'docEdition',
    'listBibl', 'listPerson', 'listPlace', 'listOrg', 'listEvent', 'listWit', 'witness',
    'person', 'place', 'org', 'event', 'biblStruct', 'msDesc',
    'entry', 'entryFree', 'superEntry')"/>

  <!-- Blocks only when they hold blocks (a quotation of whole paragraphs, a table cell with paragraphs), phrases otherwise. -->
  <xsl:variable name="c:maybe-block-names" as="xs:string*" static="yes" select="('quote', 'q', 'cit', 'said', 'bibl', 'sense', 'def', 'cell')"/>

  <!--
    Looked up once per element: a map, not a scan of the list. Written out
    at compile time as a map constructor ('text': 'block', …): SaxonJS
    evaluates a global variable in every transform, and map:merge of these
    78 entries cost about 1.5 ms each time, a map constructor next to nothing.
  -->
  <xsl:variable name="c:block-kind" as="map(xs:string, xs:string)"
    _select="map {{ {string-join(($c:block-names ! ('''' || . || ''': ''block'''), $c:maybe-block-names ! ('''' || . || ''': ''maybe''')), ', ')} }}"/>

  <xsl:function name="c:is-block" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="kind" select="if ($n instance of element() and namespace-uri($n) eq 'http://www.tei-c.org/ns/1.0')
      then $c:block-kind(local-name($n)) else ()"/>
    <xsl:sequence select="$kind eq 'block'
      (: an entry of a bibliography is an entry of its own, like a person of a register :)
      or exists($n/self::bibl[parent::listBibl])
      or ($kind eq 'maybe' and exists($n/*[not(self::note)][c:is-block(.)]))"/>
  </xsl:function>
  <!--
    A line break that begins no line of the text. TEI's lb marks where a line
    begins, and editions that transcribe lines put one before the first line
    of each paragraph (<p><lb/>In einer …, the Escher letters): a break
    there would open the paragraph with an empty line (on the web page a
    blank line; in the PDF an empty line that the line numbers counted).
    c:lb-opens-block: the lb is its block's first content (nothing but white
    space before it). c:lb-repeats: the content before it is another lb (an
    empty line of the source): the PDF, whose line numbers count the text's
    lines, does not number an empty one.
  -->
  <xsl:function name="c:lb-opens-block" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="c:is-block($lb/..) and empty($lb/preceding-sibling::node()[self::* or normalize-space()])"/>
  </xsl:function>

  <xsl:function name="c:lb-repeats" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:sequence select="exists($lb/preceding-sibling::node()[self::* or normalize-space()][1][self::lb])"/>
  </xsl:function>

</xsl:stylesheet>
