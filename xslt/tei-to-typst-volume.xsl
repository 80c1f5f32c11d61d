<?xml version="1.0" encoding="UTF-8"?>
<!--
  One letter as a part of the edition's volume (src/render/book.ts):
  the print edition's rendering (tei-to-typst.xsl, imported) with what a
  book adds and without what belongs to a single PDF.

    #ed-letter(…)           starts the letter: its heading, its entry in the
                            contents, and the labels by which other letters
                            point to it (xslt/typst/volume.typ); Typst numbers
                            the letters in the order the volume puts them
    heading block           as in the single PDF, without the typographic
                            notice (the volume states it once, in its
                            editorial principles)
    #ed-text[…]             the text; a name that points to a register
                            entry carries an index marker (#ed-idx), so the
                            indexes can give the page where it is named; a
                            ref or ptr to another document of the edition is
                            a cross-reference to that letter's number and page
                            (#ed-xref; a pointer that names no letter of the
                            volume prints nothing more)
    #ed-apparatus(…)        keyed to page and line of the volume

  Parameters (JSON strings, from book.ts):
    meta       as for tei-to-typst.xsl, plus id (the document id), targets
               (the pointers that name this document: file name, id),
               toc {who, place, date, running}
    part       'letter' (default), 'principles' or 'both' (see below)
  Nothing here depends on the other documents, so a letter's part can be
  made (and kept) wherever the document is rendered.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:t="urn:x-tei-edition:text"
  xmlns:ty="urn:x-tei-edition:typst"
  xmlns:c="urn:x-tei-edition:common"
  xmlns:array="http://www.w3.org/2005/xpath-functions/array"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <xsl:import href="tei-to-typst.xsl"/>

  <xsl:variable name="ty:self" select="string((parse-json($meta)?id, '')[1])" as="xs:string"/>

  <xsl:param name="part" as="xs:string" select="'letter'"/>

  <!--
    With part 'both': the print edition's meta (as tei-to-typst.xsl's), so
    that this transform makes the print edition's whole document part too
    ('print', its text still marked: book.ts takes the print edition's
    version of it), instead of a second transform reading the document
    again. Not where a pointer names another document: the rules of this
    stylesheet would add its cross-reference outside the text (the source
    note, the apparatus), where the marks do not reach; 'print' is then left
    out and book.ts runs tei-to-typst.xsl.
  -->
  <xsl:param name="print-meta" as="xs:string?" select="()"/>

  <xsl:output method="json" indent="no"/>

  <!--
    The print edition's meta, for its text made here (part 'both'): the
    other letters the document points to (a ptr shows the letter's title
    there, see text/reading.xsl) and the images its figures show. The
    volume's own version of a pointer is its cross-reference, and its
    figures show no image (typst/text.xsl, ty:figure).
  -->
  <xsl:variable name="t:meta-json" as="xs:string" select="($print-meta, '{}')[1]"/>

  <!--
    The result is a map: 'typst' (the part), and for part = 'letter' the
    register keys of the senders ('from') and addressees ('to') and of every
    name marked for the indexes ('index'), so that book.ts needs no second
    reading of the TEI. Part 'principles': the editorial principles of the
    volume, from a document's encodingDesc. Part 'both': as 'letter', and
    'text' the text (what #ed-text holds) made once for the volume and the
    print edition, the costly part of either (see ty:print-of in
    typst/text.xsl); 'typst' holds it too. book.ts takes the volume's
    version for the part and gives the print edition's to tei-to-typst.xsl
    (its parameter made-text), which then makes only what is around it.
  -->
  <xsl:template match="/" priority="1">
    <xsl:choose>
      <xsl:when test="$part = 'principles'">
        <xsl:variable name="typst" as="xs:string">
          <xsl:value-of>
            <xsl:for-each select="/TEI/teiHeader/encodingDesc/(projectDesc | editorialDecl | samplingDecl)[normalize-space()]">
              <xsl:call-template name="ty:blocks-of">
                <xsl:with-param name="in" select="'entry'" tunnel="yes"/>
              </xsl:call-template>
            </xsl:for-each>
          </xsl:value-of>
        </xsl:variable>
        <xsl:sequence select="map { 'typst': $typst }"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="both" select="$part = 'both'"/>
        <!--
          What the letter and the print edition both ask, found once (each a walk
          of the whole document: at 10,000 notes some 30-80 ms a walk): the texts,
          their apparatus entries and notes, the bibliography's entries.
        -->
        <xsl:variable name="texts" as="element(text)*" select="//text[not(ancestor::text)]"/>
        <xsl:variable name="apps" as="element(app)*" select="$texts//app"/>
        <xsl:variable name="entries" as="element()*" select="c:bibliography-entries(.)"/>
        <xsl:variable name="body" as="xs:string?">
          <xsl:if test="$both">
            <xsl:value-of>
              <xsl:for-each select="$texts">
                <xsl:call-template name="ty:blocks-of">
                  <xsl:with-param name="ty:marks" select="true()" tunnel="yes"/>
                </xsl:call-template>
              </xsl:for-each>
            </xsl:value-of>
          </xsl:if>
        </xsl:variable>
        <xsl:variable name="typst" as="xs:string">
          <xsl:value-of>
            <xsl:call-template name="ty:letter">
              <xsl:with-param name="body" select="$body"/>
              <xsl:with-param name="texts" select="$texts"/>
              <xsl:with-param name="apps" select="$apps"/>
              <xsl:with-param name="entries" select="$entries"/>
            </xsl:call-template>
          </xsl:value-of>
        </xsl:variable>
        <xsl:variable name="print" as="xs:string?">
          <xsl:if test="$both and exists($print-meta) and empty(//(ref | ptr)[exists(ty:document-target(@target))])">
            <xsl:value-of>
              <xsl:call-template name="ty:print">
                <xsl:with-param name="meta-json" select="$print-meta"/>
                <xsl:with-param name="made-text" select="$body"/>
                <xsl:with-param name="texts" select="$texts"/>
                <xsl:with-param name="apps" select="$apps"/>
                <xsl:with-param name="entries" select="$entries"/>
              </xsl:call-template>
            </xsl:value-of>
          </xsl:if>
        </xsl:variable>
        <xsl:variable name="correspondents" select="/TEI/teiHeader/profileDesc/correspDesc/correspAction"/>
        <xsl:sequence select="map:merge((map {
          'typst': $typst,
          'from': array { $correspondents[@type = 'sent']/(persName | orgName)[@ref] ! ty:index-keys(.)[1] },
          'to': array { $correspondents[@type = 'received']/(persName | orgName)[@ref] ! ty:index-keys(.)[1] },
          'index': array { distinct-values(//text//(persName | placeName | orgName | name | rs)[@ref][not(ancestor::rdg)] ! ty:index-keys(.)) }
        }, $body ! map { 'text': . }, $print ! map { 'print': . }))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ty:letter">
    <!-- The text (what #ed-text holds) when the caller has made it (part 'both'). -->
    <xsl:param name="body" as="xs:string?" select="()"/>
    <!-- The texts, their apparatus entries and the bibliography's entries, when the caller has found them. -->
    <xsl:param name="texts" as="element(text)*" select="//text[not(ancestor::text)]"/>
    <xsl:param name="apps" as="element(app)*" select="$texts//app"/>
    <xsl:param name="entries" as="element()*" select="c:bibliography-entries(.)"/>
    <xsl:variable name="given" select="parse-json($meta)" as="map(*)"/>
    <xsl:variable name="header" select="/TEI/teiHeader"/>
    <xsl:variable name="m" as="map(*)" select="map {
      'title': (($given?title, normalize-space(($header/fileDesc/titleStmt/title)[1]))[. ne ''], 'Untitled')[1],
      'subtitle': ($given?subtitle, '')[1],
      'rows': ($given?rows, [])[1]
    }"/>
    <xsl:variable name="toc" select="($given?toc, map {})[1]" as="map(*)"/>
    <xsl:text>#ed-letter({ty:string($given?id)}, targets: ({string-join(($given?targets?*) ! (ty:string(.) || ','), ' ')}), </xsl:text>
    <!-- Each value isolated in its direction (ty:isolated): in the contents and the running head more follows it on the line. -->
    <xsl:text>title: {ty:string(ty:isolated($m?title))}, who: {ty:string(ty:isolated(($toc?who, '')[1]))}, </xsl:text>
    <xsl:text>place: {ty:string(ty:isolated(($toc?place, '')[1]))}, date: {ty:string(ty:isolated(($toc?date, '')[1]))}, </xsl:text>
    <xsl:text>running: {ty:string(ty:isolated(($toc?running, $m?title)[1]))})&#10;</xsl:text>
    <xsl:if test="$m?subtitle">#ed-subtitle[{ty:markup(ty:isolated($m?subtitle))}]&#10;</xsl:if>
    <xsl:if test="array:size($m?rows) gt 0">
      <xsl:text>#ed-metadata(</xsl:text>
      <xsl:for-each select="$m?rows?*">
        <xsl:text>&#10;  ([{ty:markup(.(1))}], [{ty:markup(ty:isolated(.(2)))}]),</xsl:text>
      </xsl:for-each>
      <xsl:text>&#10;)&#10;</xsl:text>
    </xsl:if>
    <xsl:text>#ed-source-note[&#10;</xsl:text>
    <xsl:call-template name="ty:source-note"/>
    <xsl:text>]&#10;#ed-rule&#10;</xsl:text>
    <xsl:text>#ed-text[&#10;</xsl:text>
    <xsl:choose>
      <xsl:when test="exists($body)">
        <xsl:value-of select="$body"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$texts">
          <xsl:call-template name="ty:blocks-of"/>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>]&#10;</xsl:text>
    <xsl:call-template name="ty:endnotes"/>
    <xsl:call-template name="ty:apparatus">
      <xsl:with-param name="texts" select="$texts"/>
      <xsl:with-param name="apps" select="$apps"/>
    </xsl:call-template>
    <xsl:call-template name="ty:bibliography">
      <xsl:with-param name="entries" select="$entries"/>
    </xsl:call-template>
  </xsl:template>

  <!--
    A name pointing into a register: an index marker for each entry it
    names, after the first character of its text (ty:after-first in
    typst/text.xsl), so that the marker is on the page where the name
    begins: in front of it, the marker stayed at the end of the page before
    when the line broke before the name ("Creuzer … 56–58" for a name
    standing on 56 and 58). A name without text, or whose first text the
    rules below do not set, has its markers in front.
  -->
  <xsl:template match="(persName | placeName | orgName | name | rs)[@ref]" mode="ty:inline">
    <xsl:param name="in" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="ty:after-first" as="map(*)*" tunnel="yes" select="()"/>
    <xsl:variable name="markers" select="if ($in = ('text', 'note')) then string-join(ty:index-keys(.) ! ('#ed-idx(' || ty:string(.) || ')')) else ''"/>
    <!-- The volume's only (see ty:print-of). -->
    <xsl:variable name="markers" select="if ($ty:marks and $markers) then '&#xE000;' || $markers || '&#xE001;' else $markers"/>
    <xsl:variable name="first" select="if ($markers) then t:first-reading-text(.) else ()"/>
    <xsl:choose>
      <xsl:when test="exists($first)">
        <xsl:variable name="set" as="xs:string">
          <xsl:value-of>
            <xsl:next-match>
              <xsl:with-param name="ty:after-first" select="($ty:after-first, map {'node': $first, 'markup': $markers})" tunnel="yes"/>
            </xsl:next-match>
          </xsl:value-of>
        </xsl:variable>
        <xsl:value-of select="if (contains($set, $markers)) then $set else $markers || $set"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$markers"/>
        <xsl:next-match/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A pointer to another document of the edition: its text (if any), then "(no. N, p. P)". -->
  <xsl:template match="(ref | ptr)[exists(ty:document-target(@target))]" mode="ty:inline">
    <xsl:param name="ty:marks" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="xref" as="xs:string">#ed-xref({ty:string(ty:document-target(@target))}, bare: {if (self::ptr or not(normalize-space())) then 'true' else 'false'})</xsl:variable>
    <xsl:choose>
      <!-- Text for both outputs (see ty:print-of): the print edition's version is what its own rules make of the pointer. -->
      <xsl:when test="$ty:marks">
        <xsl:variable name="print" as="xs:string">
          <xsl:value-of>
            <xsl:next-match/>
          </xsl:value-of>
        </xsl:variable>
        <xsl:variable name="volume" as="xs:string">
          <xsl:value-of>
            <xsl:apply-templates mode="ty:inline"/>
          </xsl:value-of>
        </xsl:variable>
        <xsl:value-of select="'&#xE002;' || ty:print-of($print) || '&#xE003;&#xE000;' || ty:volume-of($volume) || $xref || '&#xE001;'"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="ty:inline"/>
        <xsl:value-of select="$xref"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    What a pointer names if it may name another document: a relative file
    ("letter-2.xml", "./letter-2.xml#p3": the file name), or "#id" where
    this document has no such id (another document's id). Not a URL, not
    a pointer into this document, not a list of pointers.
  -->
  <xsl:function name="ty:document-target" as="xs:string?">
    <xsl:param name="target" as="attribute()?"/>
    <xsl:variable name="t" select="normalize-space($target)"/>
    <xsl:choose>
      <xsl:when test="$t = '' or contains($t, ' ') or matches($t, '^[A-Za-z][A-Za-z0-9+.\-]*:')"/>
      <xsl:when test="starts-with($t, '#')">
        <xsl:sequence select="if (exists(key('c:id', substring($t, 2), root($target)))) then () else substring($t, 2)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="replace(substring-before($t || '#', '#'), '^(\./)+', '')[. ne '']"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!--
    The register entries a name points to, as keys that are the same in every
    letter for an entry of the shared register and unique to the letter for a
    local one: "registers.xml#moscow" (file name and id), "@<doc-id>#moscow"
    (an entry of this document). A prefixed pointer (psn:moscow) is expanded
    with the document's prefixDef first.
  -->
  <!-- Keys, not a search of the whole document (with its copied register entries) for every name. -->
  <xsl:key name="ty:prefix-def" match="prefixDef[@matchPattern][@replacementPattern]" use="string(@ident)"/>

  <xsl:function name="ty:index-keys" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="root" select="root($e)"/>
    <xsl:for-each select="tokenize(normalize-space($e/@ref), ' ')">
      <xsl:variable name="prefix" select="substring-before(., ':')"/>
      <xsl:variable name="def" select="key('ty:prefix-def', $prefix, $root)[1]"/>
      <xsl:variable name="pointer" select="if ($def and matches(substring-after(., ':'), $def/@matchPattern)) then replace(substring-after(., ':'), $def/@matchPattern, $def/@replacementPattern) else ."/>
      <xsl:choose>
        <xsl:when test="starts-with($pointer, '#')">{'@' || $ty:self || $pointer}</xsl:when>
        <xsl:when test="contains($pointer, '#') and not(matches($pointer, '^[a-z][a-z0-9+.-]*:', 'i'))">{replace(substring-before($pointer, '#'), '^.*/', '') || '#' || substring-after($pointer, '#')}</xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

</xsl:stylesheet>
