<?xml version="1.0" encoding="UTF-8"?>
<!--
  model.xsl: the teiHeader (and the registers) as one JSON record, read by
  src/model/ into the typed Edition record. Citations, page metadata and
  exports read only that record, never the rendered text.

  Leaves out what the header lacks: a key is absent rather than empty.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns:array="http://www.w3.org/2005/xpath-functions/array"
                xmlns:m="urn:tei-edition:model"
                xmlns:c="urn:x-tei-edition:common"
                xpath-default-namespace="http://www.tei-c.org/ns/1.0"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:include href="common/header.xsl"/>

  <xsl:output method="json" indent="no"/>

  <!--
    The entries pointers name are looked up with id() (xml:id), not a key on
    *[@xml:id]: a key indexes every element of the letter's view in each
    transform (0.85 ms of a model's ~6 ms); id() costs about a third of that.
    The same for a valid document (an xml:id is an NCName, its first
    occurrence wins).
  -->

  <!--
    True when the caller already holds the records of the entries copied
    into this letter's view from the shared register files (the lists typed
    "shared" in standOff, src/registers/resolve.ts), read once per thread in
    mode "entries" below: such an entry is then given as its id only, and
    src/model/read.ts puts the record in its place. The same for every
    letter that points to it, so it is not read again for each of them.
  -->
  <xsl:param name="shared-entries-known" as="xs:boolean" select="false()"/>

  <!-- Text of an element with white space normalised, notes left out. -->
  <xsl:function name="m:text" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::note[. >> $e])], ''))"/>
  </xsl:function>

  <!--
    A publisher's name: its text without the contact details TEI lets it
    hold (the Van Gogh Letters: <publisher><name>Huygens Instituut …</name><email>info@…</email></publisher>
    gave "… (KNAW)info@huygens.knaw.nl" in every citation).
  -->
  <xsl:function name="m:publisher" as="xs:string">
    <xsl:param name="e" as="element()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::*[self::email or self::address or self::ptr or self::idno or self::note][. >> $e])], ''))"/>
  </xsl:function>

  <!-- A map without the entries whose value is empty (absent, '' or an empty array). -->
  <xsl:function name="m:compact" as="map(*)">
    <xsl:param name="m" as="map(*)"/>
    <xsl:sequence select="map:merge(for $k in map:keys($m) return
        let $v := $m($k) return
        if (empty($v) or (($v instance of xs:string) and $v = '') or (($v instance of array(*)) and array:size($v) = 0)) then ()
        else map:entry($k, $v))"/>
  </xsl:function>

  <xsl:function name="m:date" as="map(*)?">
    <xsl:param name="d" as="element()?"/>
    <xsl:sequence select="if (empty($d)) then () else m:compact(map {
        'when': string($d/@when), 'notBefore': string($d/@notBefore), 'notAfter': string($d/@notAfter),
        'from': string($d/@from), 'to': string($d/@to), 'cert': string($d/@cert), 'text': m:text($d) })"/>
  </xsl:function>

  <!-- The ids a pointer list names in this document ("#a #b" → ('a', 'b')). -->
  <xsl:function name="m:ids" as="xs:string*">
    <xsl:param name="pointers" as="attribute()?"/>
    <xsl:sequence select="for $t in tokenize(normalize-space($pointers), ' ') return
        if (starts-with($t, '#')) then substring($t, 2) else $t"/>
  </xsl:function>

  <xsl:function name="m:agent" as="map(*)">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="entry" select="id(m:ids($e/@ref)[1], root($e))[1]"/>
    <xsl:sequence select="m:compact(map {
        (: an empty persName pointing to a participant (particDesc) is named by that entry :)
        'name': (m:text($e)[. ne ''], $entry ! m:entry-name(.))[1],
        'ref': string($e/@ref),
        'kind': if ($e/self::orgName) then 'org' else 'person',
        'entry': $entry ! m:entry-or-id(.)
      })"/>
  </xsl:function>

  <!-- Words that say the place is not known (English, German, French, Italian, Spanish, Dutch, Latin; "unkown" as it is often misspelt), bracketed or with a question mark. -->
  <xsl:function name="m:unknown-place" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="matches($s, '^\[?\s*(unknown|unkown|not known|unbekannt|inconnu|ignoto|sconosciuto|desconocido|onbekend|sine loco|s\.\s*l\.|n\.\s*p\.|o\.\s*O\.)\s*\??\s*\]?$', 'i')"/>
  </xsl:function>

  <xsl:function name="m:correspondent" as="map(*)?">
    <xsl:param name="cd" as="element()?"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:variable name="action" select="c:main-action($cd, $role)"/>
    <xsl:variable name="agents" select="c:agents($cd, $role)"/>
    <xsl:variable name="place" select="($action/placeName)[1]"/>
    <xsl:variable name="place-entry" select="$place ! id(m:ids(@ref)[1], root(.))[1]"/>
    <xsl:sequence select="if (empty($action) and empty($agents)) then () else m:compact(map {
        'agents': array { $agents ! m:agent(.)[?name] },
        (: a place written as unknown (unknown, s. l., o. O.) is no place: not shown as such in the index, CMIF or JSON-LD :)
        'place': (m:text($place)[. ne ''][not(m:unknown-place(.))], $place-entry ! m:entry-name(.))[1],
        'placeRef': string($place/@ref),
        'date': m:date(($action/date)[1]) })"/>
  </xsl:function>

  <!-- The entry's name: its first name that is not a variant (m:entry's 'name', or '' where that is left out). -->
  <xsl:function name="m:entry-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="m:text(m:name-of($e))"/>
  </xsl:function>

  <xsl:function name="m:name-of" as="element()?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($e/persName, $e/placeName, $e/orgName)[not(@type = 'variant')][1]"/>
  </xsl:function>

  <!-- The entries read once per thread (mode "entries"): what may stand for its record. -->
  <xsl:function name="m:is-shared-entry" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::person or self::personGrp or self::place or self::org][@xml:id])"/>
  </xsl:function>

  <!-- An entry's record, or only its id where the caller holds the record (see shared-entries-known). -->
  <xsl:function name="m:entry-or-id" as="map(*)">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($shared-entries-known and m:is-shared-entry($e) and exists($e/ancestor::*[@type = 'shared'][parent::standOff]))
      then map { 'shared-entry': string($e/@xml:id) } else m:entry($e)"/>
  </xsl:function>

  <!-- A register entry: normalised name, structured parts, dates, identifiers. -->
  <xsl:function name="m:entry" as="map(*)">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="name" select="m:name-of($e)"/>
    <xsl:sequence select="m:compact(map {
        'id': string($e/@xml:id),
        'kind': local-name($e),
        'name': m:text($name),
        'forenames': array { $name/forename ! m:text(.) },
        'surname': m:text(($name/surname)[1]),
        'variants': array { ($e/persName, $e/placeName, $e/orgName)[@type = 'variant'] ! m:text(.) },
        'birth': string(($e/birth/@when, $e/birth/@notBefore)[1]),
        'death': string(($e/death/@when, $e/death/@notAfter)[1]),
        'occupation': array { $e/occupation ! m:text(.) },
        'note': string-join($e/note ! m:text(.), ' '),
        'idnos': array { $e/idno ! map { 'type': string(@type), 'value': normalize-space(.) } }
      })"/>
  </xsl:function>

  <!--
    Where a manuscript is (its msIdentifier), field by field, for citations of
    an archival source (src/cite/record.ts): the place (settlement, region,
    country), the holder (repository, and the institution it belongs to), the
    collection and the shelfmark. The shelfmark is the idno typed as one
    (shelfmark, callNo, signature), else an untyped idno, else the first: the
    Escher letters give the archive's own reference code beside it
    (idno type="original"). Absent without an msDesc.
  -->
  <xsl:function name="m:ms-identifier" as="map(*)?">
    <xsl:param name="ms" as="element()?"/>
    <xsl:variable name="id" select="$ms/msIdentifier"/>
    <xsl:variable name="idnos" select="$id/idno[normalize-space()]"/>
    <xsl:sequence select="if (empty($id)) then () else m:compact(map {
        'country': m:text(($id/country)[1]),
        'region': m:text(($id/region)[1]),
        'settlement': m:text(($id/settlement)[1]),
        'institution': m:publisher(($id/institution)[1]),
        'repository': m:publisher(($id/repository)[1]),
        'collection': string-join($id/collection ! m:text(.)[. ne ''], ', '),
        'shelfmark': m:text(($idnos[matches(@type, 'shelf|call|signat', 'i')], $idnos[not(@type)], $idnos)[1]) })[map:size(.) gt 0]"/>
  </xsl:function>

  <xsl:function name="m:bibl" as="map(*)">
    <xsl:param name="b" as="element()"/>
    <xsl:sequence select="m:compact(map {
        'text': m:text($b),
        'titles': array { $b/title ! m:compact(map { 'level': string(@level), 'type': string(@type), 'text': m:text(.), 'runs': m:title-runs(.) }) },
        'authors': array { $b/author ! m:text(.) },
        'editors': array { $b/editor ! m:compact(map { 'name': m:text(.), 'role': string(@role) }) },
        'scopes': array { $b/biblScope ! m:compact(map { 'unit': string(@unit), 'from': string(@from), 'to': string(@to), 'text': m:text(.) }) },
        'date': m:date(($b/date)[1]),
        'publisher': m:publisher(($b/publisher)[1]),
        'pubPlace': m:text(($b/pubPlace)[1]),
        'series': if ($b/series) then m:compact(map {
            'title': m:text(($b/series/title)[1]),
            'scopes': array { $b/series/biblScope ! m:compact(map { 'unit': string(@unit), 'text': m:text(.) }) } }) else (),
        'urls': array { ($b/ref/@target, $b/ptr/@target)[matches(., '^https?://')] ! string(.) },
        'idnos': array { $b/idno ! map { 'type': string(@type), 'value': normalize-space(.) } }
      })"/>
  </xsl:function>

  <!--
    A title's text as runs, each saying whether it lies inside a name
    (persName, placeName, orgName, name, rs, roleName, a title within the
    title, foreign words): the proper nouns whose capitals APA's sentence
    case and BibTeX's braces must keep (src/cite/title-case.ts). Empty for
    a title without such markup: its case is then the encoder's.
  -->
  <xsl:function name="m:title-runs" as="array(*)?">
    <xsl:param name="t" as="element()?"/>
    <xsl:sequence select="if (empty($t//(persName | placeName | orgName | name | rs | roleName | title | foreign))) then () else
        array { $t//text()[not(ancestor::note[. >> $t])] ! m:compact(map {
          'text': string(.),
          'name': if (ancestor::*[self::persName or self::placeName or self::orgName or self::name or self::rs
                                  or self::roleName or self::title or self::foreign][. >> $t]) then true() else () }) }"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="tei" select="TEI"/>
    <xsl:variable name="h" select="$tei/teiHeader"/>
    <xsl:variable name="fd" select="$h/fileDesc"/>
    <xsl:variable name="cd" select="c:correspDesc(/)"/>
    <xsl:sequence select="m:compact(map {
      'xmlId': string($tei/@xml:id),
      'lang': string(($tei/@xml:lang, $tei/text/@xml:lang)[1]),
      'title': m:text(c:title($fd/titleStmt/title)),
      'titleRuns': m:title-runs(c:title($fd/titleStmt/title)),
      (: The title's language where the title says it (a letter in French, the edition's header in English). :)
      'titleLang': string(c:title($fd/titleStmt/title)/@xml:lang),
      'subtitle': m:text(($fd/titleStmt/title[@type = 'sub'])[1]),
      'subtitleRuns': m:title-runs(($fd/titleStmt/title[@type = 'sub'])[1]),
      'authors': array { $fd/titleStmt/author ! m:agent(.) },
      'respStmts': array { $fd/titleStmt/respStmt ! m:compact(map {
          'id': string(@xml:id), 'resp': string-join(resp ! m:text(.), '; '),
          'names': array { (persName, orgName, name) ! m:text(.) } }) },
      'editors': array { $fd/titleStmt/editor ! m:compact(map { 'name': m:text(.), 'role': string(@role) }) },
      'publisher': m:publisher(($fd/publicationStmt/publisher)[1]),
      'pubPlace': m:text(($fd/publicationStmt/pubPlace)[1]),
      (: not a date typed 'created': that is when the document was made (see 'created' below) :)
      'publicationDate': string(($fd/publicationStmt/date[not(@type = 'created')]/@when, $fd/publicationStmt/date[not(@type = 'created')])[1]),
      (: an idno holding other idnos is a structure, not an identifier :)
      'idno': normalize-space(($fd/publicationStmt/idno[@type = 'edition'][not(*)], $fd/publicationStmt/idno[not(*)])[1]),
      'licences': array { $fd/publicationStmt/availability/licence ! m:compact(map { 'target': string(@target), 'text': m:text(.) }) },
      'witnesses': array { $fd/sourceDesc//witness ! m:compact(map {
          'siglum': string(@xml:id),
          'roles': array { m:ids(@ana) },
          (: its own words, else (a witness described by an msDesc) where the manuscript is: place, holder, shelfmark :)
          'label': (normalize-space(string-join(text()[normalize-space()], ' '))[.],
            string-join((.//msDesc)[1]/msIdentifier/(settlement, institution, repository, collection, idno)[normalize-space()] ! normalize-space(.), ', '))[1],
          'bibl': if (bibl) then m:bibl(bibl[1]) else (),
          'msIdentifier': m:ms-identifier((.//msDesc)[1]),
          'note': string-join(note ! m:text(.), ' ') }) },
      'sources': array { $fd/sourceDesc/bibl ! m:bibl(.) },
      (: each manuscript the sourceDesc describes, as its fields in words (Repository: BAR. Shelfmark: …): the source of a letter without a witness list :)
      'manuscripts': array { $fd/sourceDesc/msDesc ! string-join(c:ms-fields(.) ! (?label || ': ' || ?value), '. ')[. ne ''] },
      (: where the letter is kept: the first manuscript the sourceDesc describes (its own, else a witness's), for the citations :)
      'msIdentifier': m:ms-identifier(($fd/sourceDesc/msDesc, $fd/sourceDesc//msDesc)[1]),
      'sender': m:correspondent($cd, 'sent'),
      'recipient': m:correspondent($cd, 'received'),
      (: the letters the other correspDescs describe (an anthology's, or a letter's embedded ones): CMIF lists each :)
      'otherCorrespondence': array { $h/profileDesc/correspDesc[position() gt 1] ! m:compact(map {
          'id': string(@xml:id), 'sender': m:correspondent(., 'sent'), 'recipient': m:correspondent(., 'received') })[map:size(.) gt 0] },
      'released': string(($cd//date[@type = 'released']/@when)[1]),
      (: when the document was made, for one whose correspDesc gives no date (src/model/dates.ts): the creation date
         (profileDesc/creation, else a publicationStmt date typed 'created', as the Office of the Historian records it
         beside the date it was 'posted'), else the text's first dateline: its date, else its words :)
      'created': m:date((($h/profileDesc/creation/date)[1], ($fd/publicationStmt/date[@type = 'created'])[1], ($tei/text//dateline)[1] ! ((.//date)[1], .)[1])[1]),
      'keywords': array { $h/profileDesc/textClass/keywords/term ! m:text(.) },
      'abstract': string-join($h/profileDesc/abstract/p ! m:text(.), ' '),
      'languages': array { $h/profileDesc/langUsage/language ! string(@ident) },
      'projectDescription': string-join($h/encodingDesc/projectDesc/p ! m:text(.), ' '),
      'changes': array { $h/revisionDesc/change ! m:compact(map { 'when': string(@when), 'text': m:text(.) }) },
      (: m:entry-or-id written out: two function calls an entry cost more than the rest of it (0.5 ms a letter).
         The registers of standOff, and those of the header (profileDesc's particDesc and settingDesc, where
         other projects list the persons and places a letter names: the page linked their names to entries the
         register pages did not have) :)
      'registers': map {
          'person': array { ($tei/standOff, $h/profileDesc/particDesc)//person ! (if ($shared-entries-known and @xml:id and ancestor::*[@type = 'shared'][parent::standOff]) then map { 'shared-entry': string(@xml:id) } else m:entry(.)) },
          'place': array { ($tei/standOff, $h/profileDesc/settingDesc)//place ! (if ($shared-entries-known and @xml:id and ancestor::*[@type = 'shared'][parent::standOff]) then map { 'shared-entry': string(@xml:id) } else m:entry(.)) },
          'org': array { ($tei/standOff, $h/profileDesc/particDesc)//org ! (if ($shared-entries-known and @xml:id and ancestor::*[@type = 'shared'][parent::standOff]) then map { 'shared-entry': string(@xml:id) } else m:entry(.)) } }
    })"/>
  </xsl:template>

  <!--
    Several documents in one transform (src/model/read.ts
    loadModelBatchReader): $batch holds for each the map {'doc': the
    document}; an array of what the transform of each alone gives. (SaxonJS
    prepares the whole compiled stylesheet again at each transform; see
    tei-to-html.xsl's $batch, also for why each document comes in a map.)
  -->
  <xsl:param name="batch" as="array(map(*))" select="[]"/>

  <xsl:template name="m:batch">
    <xsl:sequence select="array { $batch?* ! m:model-of(?doc) }"/>
  </xsl:template>

  <xsl:function name="m:model-of" as="map(*)">
    <xsl:param name="doc" as="node()"/>
    <xsl:apply-templates select="$doc"/>
  </xsl:function>

  <!-- The records of a register file's entries (what a letter's copies of them stand for: see shared-entries-known). -->
  <xsl:template match="/" mode="entries">
    <xsl:sequence select="array { //*[m:is-shared-entry(.)] ! m:entry(.) }"/>
  </xsl:template>
</xsl:stylesheet>
