<?xml version="1.0" encoding="UTF-8"?>
<!--
  Names and the entities sidebar.

  A name (persName, placeName, orgName, rs, name, …) whose @ref points to a
  person, place or organisation of this document becomes a link to that
  entry of the register pages:
    <a class="tei-persName" href="{registerBase}persons.html#eisenhower"
       data-ref="#eisenhower" data-entity="entity-eisenhower">…</a>
  (places.html, organizations.html; the page names and the base are
  stylesheet parameters, or the caller gives every href in registerLinks).
  data-entity names the entry of the sidebar (<aside class="entities">) that
  a popover script can show. A name without @ref, or whose @ref resolves to
  nothing here (FRUS's @corresp to ids of the whole volume), or to something
  that has no register page, is a span: never a broken link. A name pointing
  to a work of the document's bibliography links to its entry on the page.
  A name that contains other links (a nested name, a note call, a variant
  marker) cannot be one <a> - HTML links do not nest - so it becomes a span
  with the same data-* and its own text is linked piece by piece
  (a.name-link, see the text() template in common.xsl).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:h="urn:x-tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns="http://www.w3.org/1999/xhtml"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- The register pages, relative to the document page. -->
  <xsl:param name="registerBase" as="xs:string" select="'../register/'"/>
  <xsl:param name="personsPage" as="xs:string" select="'persons.html'"/>
  <xsl:param name="placesPage" as="xs:string" select="'places.html'"/>
  <xsl:param name="orgsPage" as="xs:string" select="'organizations.html'"/>
  <!-- Optional: the caller's own hrefs, keyed "person:ID", "place:ID", "org:ID"; they win over the pattern above. -->
  <xsl:param name="registerLinks" as="map(*)" select="map {}"/>

  <xsl:variable name="h:name-elements" as="xs:string*" static="yes" select="(
    'persName', 'placeName', 'orgName', 'rs', 'name', 'geogName', 'settlement', 'country', 'region',
    'bloc', 'district', 'author', 'editor', 'docAuthor', 'roleName')"/>
  <!-- Looked up for every name and every element with @ref inside one: a map, not a comparison with the list; written out at compile time (common.xsl's $h:is-pointer-attribute). -->
  <xsl:variable name="h:is-name-element" as="map(xs:string, xs:boolean)" _select="map {{ {string-join($h:name-elements ! ('''' || . || ''': true()'), ', ')} }}"/>

  <!-- person, place or org: which register an element belongs to, or (). -->
  <xsl:function name="h:entity-kind" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/self::person or $e/self::personGrp) then 'person'
      else if ($e/self::place) then 'place'
      else if ($e/self::org) then 'org'
      else ()"/>
  </xsl:function>

  <!--
    The register pages' URLs up to the fragment ("../register/persons.html#"),
    checked by h:safe-url once per transform, not once per entry: an id
    appended by encode-for-uri adds only unreserved ASCII characters and
    "%", none of which h:safe-url looks at (no scheme, no white space, no
    quote or bracket, nothing it trims), so h:safe-url(prefix || '#' || that)
    is h:safe-url(prefix || '#') || that, and () when that is ().
  -->
  <xsl:variable name="h:register-prefixes" as="map(xs:string, xs:string?)" select="map {
    'person': h:safe-url($registerBase || $personsPage || '#'),
    'place': h:safe-url($registerBase || $placesPage || '#'),
    'org': h:safe-url($registerBase || $orgsPage || '#')}"/>

  <xsl:function name="h:register-href" as="xs:string?">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="given" select="$registerLinks($kind || ':' || $id)"/>
    <xsl:sequence select="
      if (exists($given)) then h:safe-url(string($given))
      else $h:register-prefixes(if ($kind eq 'person' or $kind eq 'place') then $kind else 'org') ! (. || encode-for-uri($id))"/>
  </xsl:function>

  <!--
    A document's part of its map (h:doc-data in tei-to-html.xsl), computed
    once per document:
    - 'named-entities': the entities named in the text (any @ref in
      $texts, in the order of first occurrence): the entries of the sidebar
      (every text element is one of $texts or inside one; //text would
      visit every node of the document);
    - 'entities': every person, place and organisation of the document,
      xml:id → map {'href': register URL or (), 'entity': sidebar id or ()};
    - 'ref-links': each distinct @ref of the text (as written) → [its
      h:ref-link] (an array: a link or none).
  -->
  <xsl:function name="h:name-data" as="map(*)">
    <xsl:param name="root" as="node()"/>
    <xsl:param name="texts" as="element()*"/>
    <xsl:variable name="text-refs" select="distinct-values($texts/descendant-or-self::*/@ref ! string(.))"/>
    <xsl:variable name="named-entities" as="element()*" select="
      let $ids := distinct-values($text-refs ! tokenize(normalize-space(.))[starts-with(., '#')] ! substring(., 2))
      return (for $id in $ids return key('h:id', $id, $root)[1])[exists(h:entity-kind(.))]"/>
    <!-- The sidebar's entries by xml:id (each came from a distinct id), so that membership is a lookup, not an intersect per entity. -->
    <xsl:variable name="named-entity-by-id" as="map(xs:string, element())" select="
      map:merge($named-entities ! map:entry(string(@xml:id), .))"/>
    <xsl:variable name="entities" as="map(xs:string, map(*))" select="map:merge(
      for $e in $root/descendant::*[self::person or self::personGrp or self::place or self::org][@xml:id]
      return let $id := string($e/@xml:id)
      return map:entry($id, map {
        'href': h:register-href(h:entity-kind($e), $id),
        'entity': if ($named-entity-by-id($id) is $e) then 'entity-' || h:html-id($id) else ()}),
      map {'duplicates': 'use-first'})"/>
    <xsl:sequence select="map {
      'named-entities': $named-entities,
      'entities': $entities,
      'ref-links': map:merge($text-refs ! map:entry(., array {h:ref-link(., $root, $entities)}))}"/>
  </xsl:function>

  <!--
    Where a name links to: a map {'href', 'ref', 'entity'} or (). The first
    pointer of @ref that resolves to an entity of this document (to its
    register entry), or an http(s) URL; nothing else. It depends on the
    value of @ref and the document only (h:ref-link): a letter names the
    same entries again and again, so the links of the text's @ref values
    are worked out once per document (h:d(.)?ref-links), not once per name.
  -->
  <xsl:function name="h:name-link" as="map(*)?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e/@ref and map:contains($h:is-name-element, local-name($e)) and $e/self::Q{http://www.tei-c.org/ns/1.0}*)
      then
        let $ref := string($e/@ref), $d := h:d($e), $known := $d?ref-links($ref)
        return if (exists($known)) then $known?* else h:ref-link($ref, root($e), ($d?entities, map {})[1])
      else ()"/>
  </xsl:function>

  <!-- h:name-link of a name whose @ref is $ref, in the document $doc, whose entities are $entities. -->
  <xsl:function name="h:ref-link" as="map(*)?">
    <xsl:param name="ref" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="entities" as="map(xs:string, map(*))"/>
    <xsl:sequence select="
      if (h:safe-pointers($ref))
      then (
        for $pointer in tokenize(normalize-space($ref))
        return
          if (starts-with($pointer, '#')) then
            let $entity := $entities(substring($pointer, 2))
            return if (exists($entity?href)) then map:put($entity, 'ref', normalize-space($ref))
              (: a work of the document's bibliography: its entry on this page (html/bibliography.xsl) :)
              else if (h:is-cited-work(key('h:id', substring($pointer, 2), $doc)[1])) then map {'href': '#' || h:html-id(substring($pointer, 2)), 'ref': normalize-space($ref)}
              else ()
          else if (matches($pointer, '^https?:', 'i')) then map {'href': h:safe-url($pointer), 'ref': normalize-space($ref)}
          else ()
      )[1]
      else ()"/>
  </xsl:function>

  <!--
    (SaxonJS compiles a rule with a union pattern into one rule per name,
    each with its own copy of the body, and walks the whole compiled
    stylesheet on every transform: the body is one named template, called
    from the fifteen rules, not fifteen copies.)
  -->
  <xsl:template match="persName | placeName | orgName | rs | name | geogName | settlement | country | region
                       | bloc | district | author | editor | docAuthor | roleName" mode="h:html">
    <xsl:call-template name="h:name"/>
  </xsl:template>

  <xsl:template name="h:name">
    <xsl:param name="context" as="xs:string" tunnel="yes" select="'text'"/>
    <xsl:variable name="link" select="if ($context eq 'app-entry') then () else h:name-link(.)"/>
    <xsl:choose>
      <xsl:when test="empty($link)">
        <xsl:call-template name="h:inline"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <!--
            The most frequent name: text only, no attribute but @ref (which
            h:name-link has found safe). All the general branch below would
            write is this, as literals: no computed element name, no walk
            over the attributes (h:attributes would write only data-ref, the
            normalized @ref, $link?ref).
          -->
          <xsl:when test="empty(*) and count(@*) eq 1">
            <a class="tei-{local-name()}" href="{$link?href}" data-ref="{$link?ref}">
              <xsl:if test="exists($link?entity)">
                <xsl:attribute name="data-entity" select="$link?entity"/>
              </xsl:if>
              <xsl:value-of select="."/>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="h:name-element">
              <xsl:with-param name="link" select="$link"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A linked name, in general: $link is its h:name-link. -->
  <xsl:template name="h:name-element">
    <xsl:param name="link" as="map(*)"/>
    <!-- (Only a name with child elements can hold links: no call of h:contains-links for the others.) -->
    <xsl:variable name="nested" select="exists(*) and h:contains-links(.)"/>
    <!-- A TEI element (h:name-link links no other): its class is h:class's "tei-" and its name. -->
    <xsl:element name="{if ($nested) then 'span' else 'a'}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:if test="not($nested)">
        <xsl:attribute name="href" select="$link?href"/>
      </xsl:if>
      <!--
        Most names have no attribute but @ref, which h:name-link has found
        safe: then all h:attributes would write is data-ref, the
        normalized @ref ($link?ref), so it is written here without the
        general walk over the attributes (names are the most frequent
        linked elements of a letter).
      -->
      <xsl:choose>
        <xsl:when test="count(@*) eq 1 and exists(@ref)">
          <xsl:attribute name="data-ref" select="$link?ref"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="h:attributes"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="exists($link?entity)">
        <xsl:attribute name="data-entity" select="$link?entity"/>
      </xsl:if>
      <xsl:choose>
        <!-- Linked piece by piece (a.name-link, see the text() rule in common.xsl). -->
        <xsl:when test="$nested">
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="link" select="$link" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:when>
        <!-- Text only (the most frequent name): its text, as the text() rule writes it without a link. -->
        <xsl:when test="empty(*)">
          <xsl:value-of select="."/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="inline" select="true()" tunnel="yes"/>
            <xsl:with-param name="link" select="()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ sidebar -->

  <!-- The normalised name: "Surname, Forenames" when the register's name is structured, else its text. -->
  <xsl:function name="h:entity-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="names" select="$e/*[self::persName or self::placeName or self::orgName or self::geogName or self::name]"/>
    <xsl:variable name="name" select="($names[not(@type = 'variant')], $names)[1]"/>
    <xsl:sequence select="
      if ($name/surname) then
        let $surname := normalize-space(string-join($name/surname, ' ')),
            $rest := normalize-space(string-join($name/*[not(self::surname)] ! string(.), ' '))
        return if ($rest) then $surname || ', ' || $rest else $surname
      else if (normalize-space($name)) then normalize-space($name)
      else string($e/@xml:id)"/>
  </xsl:function>

  <xsl:function name="h:sort-key" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <!-- Plain ASCII has nothing to decompose and no combining mark: the \p{Mn} class (slow in SaxonJS, see h:is-printable-ascii) is kept for the rest. -->
    <xsl:sequence select="if (matches($name, '^[ -~]*$')) then lower-case($name)
      else lower-case(replace(normalize-unicode($name, 'NFD'), '\p{Mn}', ''))"/>
  </xsl:function>

  <!-- Life dates: "1890–1969"; the text of birth/death when it has one, else @when, else the range of @notBefore/@notAfter. -->
  <xsl:function name="h:life-date" as="xs:string?">
    <xsl:param name="event" as="element()?"/>
    <xsl:sequence select="
      if (empty($event)) then ()
      else if (normalize-space($event)) then normalize-space($event)
      else if ($event/@when) then string($event/@when)
      else if ($event/@notBefore or $event/@notAfter) then string-join(($event/@notBefore, $event/@notAfter), '/')
      else ()"/>
  </xsl:function>

  <xsl:variable name="h:idno-labels" as="map(xs:string, xs:string)" select="map {
    'wikidata': 'Wikidata', 'snac': 'SNAC', 'lcnaf': 'LCNAF', 'viaf': 'VIAF', 'gnd': 'GND',
    'geonames': 'GeoNames', 'hsg': 'HSG', 'orcid': 'ORCID', 'isni': 'ISNI', 'uri': 'Link', 'url': 'Link'}"/>

  <!--
    Sidebar entries rendered by earlier transforms in the same thread
    (src/render/html.ts keeps them): xml:id → map {'source': a copy of the
    entry, 'li': its rendered item, 'sort-key', 'id', 'href', 'entity'}.
    A letter names entries of the edition's shared register, the same in
    every letter; rendering one costs far more than checking that it is the
    same (deep-equal with the copy, the same link and sidebar id). Only
    entries whose rendering depends on nothing but the entry are kept (see
    h:is-cacheable-entity); a letter whose entry differs renders its own.
  -->
  <xsl:param name="entityCache" as="map(*)" select="map {}"/>

  <!-- The kept rendering of a sidebar entry, when it is still right for this entry in this document. -->
  <xsl:function name="h:cached-entity" as="map(*)?">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="entities" as="map(xs:string, map(*))"/>
    <xsl:variable name="id" select="string($e/@xml:id)"/>
    <xsl:variable name="entity" select="$entities($id)"/>
    <xsl:sequence select="$entityCache($id)[deep-equal(?href, $entity?href) and deep-equal(?entity, $entity?entity) and deep-equal(?source, $e)]"/>
  </xsl:function>

  <!--
    Whether an entry's item depends on the entry alone: what the item
    renders of its occupation, desc and note (mode h:html, context 'meta')
    holds no pointer resolved against the document (names with @ref, ref,
    ptr, @target), no note (rendered by where it stands), no apparatus and
    no image (whose src comes from a parameter).
  -->
  <xsl:function name="h:is-cacheable-entity" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="empty($e/*[self::occupation or self::desc or self::note]/descendant::*[@ref or @target
      or self::note or self::ptr or self::ref or self::app or self::lem or self::rdg or self::rdgGrp or self::graphic or self::media])"/>
  </xsl:function>

  <!--
    Each entry of the sidebar of the document whose map is $d (in the order
    of $d?named-entities) as a map
    {'entry', 'sort-key', 'id', 'li', 'html', 'fresh'}: the kept one from
    an earlier transform, or the entry's item rendered here ('fresh').
    'html' is the item serialized as it stands in the sidebar (see
    h:entities-html).
  -->
  <xsl:function name="h:entity-items" as="map(*)*">
    <xsl:param name="d" as="map(*)"/>
    <xsl:sequence select="
    for $e in $d?named-entities return
      let $kept := h:cached-entity($e, $d?entities)
      return if (exists($kept)) then map:put($kept, 'entry', $e)
        else let $li := h:entity-item($e, $d?entities)
          return map {'entry': $e, 'sort-key': h:sort-key(h:entity-name($e)), 'id': string($e/@xml:id), 'li': $li, 'html': h:entity-item-html($li), 'fresh': true()}"/>
  </xsl:function>

  <xsl:function name="h:entity-item" as="element()">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="entities" as="map(xs:string, map(*))"/>
    <xsl:for-each select="$e">
      <xsl:call-template name="h:entity">
        <xsl:with-param name="kind" select="h:entity-kind($e)"/>
        <xsl:with-param name="entities" select="$entities"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:function>

  <!--
    The sidebar serialized (h:serialize), assembled from its items'
    serializations: an item's text depends only on the item and on its depth
    (aside/section/ul/li), so h:entity-item-html serializes it once in an
    aside/section/ul of its own and takes it out, and the page's sidebar is
    the items' texts between the lines of the frame below (what the
    serializer writes for the tree of h:entities, byte for byte: the golden
    tests and tests/render-html-entity-cache.test.ts compare the two). A kept
    item is then neither copied nor serialized again.
  -->
  <xsl:variable name="h:entity-group-labels" as="map(xs:string, xs:string)" select="map {'person': 'Persons', 'place': 'Places', 'org': 'Organizations'}"/>

  <xsl:function name="h:entities-html" as="xs:string">
    <xsl:param name="entity-items" as="map(*)*"/>
    <xsl:sequence select="if (empty($entity-items)) then '' else string-join((
      '&lt;aside xmlns=&quot;http://www.w3.org/1999/xhtml&quot; class=&quot;entities&quot; aria-labelledby=&quot;doc-entities-heading&quot;&gt;',
      '   &lt;h2 id=&quot;doc-entities-heading&quot; class=&quot;generated&quot;&gt;Persons, places and organizations&lt;/h2&gt;',
      for $kind in ('person', 'place', 'org') return
      let $items := $entity-items[h:entity-kind(?entry) eq $kind]
      return if (empty($items)) then () else (
        '   &lt;section class=&quot;entity-group&quot; data-kind=&quot;' || $kind || '&quot; aria-labelledby=&quot;doc-entities-' || $kind || '&quot;&gt;',
        '      &lt;h3 id=&quot;doc-entities-' || $kind || '&quot; class=&quot;generated&quot;&gt;' || $h:entity-group-labels($kind) || '&lt;/h3&gt;',
        '      &lt;ul class=&quot;entity-list&quot;&gt;',
        h:sorted-entity-items($items) ! ('         ' || ?html),
        '      &lt;/ul&gt;',
        '   &lt;/section&gt;'),
      '&lt;/aside&gt;'), '&#10;')"/>
  </xsl:function>

  <xsl:variable name="h:entity-item-frame" as="xs:string+" select="(
    '&lt;aside xmlns=&quot;http://www.w3.org/1999/xhtml&quot;&gt;&#10;   &lt;section&gt;&#10;      &lt;ul class=&quot;entity-list&quot;&gt;&#10;         ',
    '&#10;      &lt;/ul&gt;&#10;   &lt;/section&gt;&#10;&lt;/aside&gt;')"/>

  <!-- One item serialized at its place in the sidebar: inside an aside/section/ul of its own, taken out of that frame. -->
  <xsl:function name="h:entity-item-html" as="xs:string">
    <xsl:param name="li" as="element()"/>
    <xsl:variable name="frame" as="element()">
      <aside>
        <section>
          <ul class="entity-list">
            <xsl:sequence select="$li"/>
          </ul>
        </section>
      </aside>
    </xsl:variable>
    <xsl:variable name="text" select="h:serialize($frame)"/>
    <xsl:variable name="start" select="string-length($h:entity-item-frame[1])"/>
    <xsl:variable name="end" select="string-length($h:entity-item-frame[2])"/>
    <xsl:if test="not(starts-with($text, $h:entity-item-frame[1]) and ends-with($text, $h:entity-item-frame[2]))">
      <xsl:message terminate="yes">h:entity-item-html: the serializer framed a sidebar item unexpectedly: {$text}</xsl:message>
    </xsl:if>
    <xsl:sequence select="substring($text, $start + 1, string-length($text) - $start - $end)"/>
  </xsl:function>

  <!-- The items of one kind in the sidebar's order: by sort key, then by id. -->
  <xsl:function name="h:sorted-entity-items" as="map(*)*">
    <xsl:param name="items" as="map(*)*"/>
    <xsl:for-each select="$items">
      <xsl:sort select="?sort-key"/>
      <xsl:sort select="?id"/>
      <xsl:sequence select="."/>
    </xsl:for-each>
  </xsl:function>

  <!--
    What the parts mode hands back for src/render/html.ts to keep: the
    sidebar items rendered in this transform (not taken from $entityCache)
    that may be kept, with a copy of their entries (so that the cache does
    not hold the letter's tree).
  -->
  <xsl:function name="h:entity-cache-additions" as="map(*)*">
    <xsl:param name="entity-items" as="map(*)*"/>
    <xsl:param name="d" as="map(*)"/>
    <xsl:for-each select="$entity-items[?fresh][h:is-cacheable-entity(?entry)]">
      <xsl:sequence select="map:merge((
        map {'id': ?id, 'source': copy-of(?entry), 'li': ?li, 'html': ?html, 'sort-key': ?sort-key},
        $d?entities(?id)?href ! map {'href': .}, $d?entities(?id)?entity ! map {'entity': .}))"/>
    </xsl:for-each>
  </xsl:function>

  <!-- $items: h:entity-items (one per named entity). -->
  <xsl:template name="h:entities">
    <xsl:param name="items" as="map(*)*"/>
    <xsl:if test="exists($items)">
      <aside class="entities" aria-labelledby="doc-entities-heading">
        <h2 id="doc-entities-heading" class="generated">Persons, places and organizations</h2>
        <xsl:for-each select="('person', 'place', 'org')">
          <xsl:variable name="kind" select="."/>
          <xsl:variable name="of-kind" select="$items[h:entity-kind(?entry) eq $kind]"/>
          <xsl:if test="exists($of-kind)">
            <section class="entity-group" data-kind="{$kind}" aria-labelledby="doc-entities-{$kind}">
              <h3 id="doc-entities-{$kind}" class="generated">{$h:entity-group-labels($kind)}</h3>
              <ul class="entity-list">
                <xsl:sequence select="h:sorted-entity-items($of-kind) ! ?li"/>
              </ul>
            </section>
          </xsl:if>
        </xsl:for-each>
      </aside>
    </xsl:if>
  </xsl:template>

  <xsl:template name="h:entity">
    <xsl:param name="kind" as="xs:string"/>
    <!-- The document's entities (h:name-data). -->
    <xsl:param name="entities" as="map(xs:string, map(*))"/>
    <xsl:variable name="id" select="string(@xml:id)"/>
    <!-- As computed once in $entities (the entry of this id there is this element: see h:name-data's named-entities). -->
    <xsl:variable name="href" select="$entities($id)?href"/>
    <xsl:variable name="dates" select="
      let $b := h:life-date(birth[1]), $d := h:life-date(death[1])
      return if (exists($b) or exists($d)) then string-join(($b, '–', $d), '') else ()"/>
    <!-- The sidebar id, as $entities computed it for this (named) entity. -->
    <li class="entity {h:class(.)}" id="{$entities($id)?entity}" data-kind="{$kind}" data-ref="#{$id}">
      <xsl:choose>
        <xsl:when test="exists($href)">
          <a class="entity-name" href="{$href}">{h:entity-name(.)}</a>
        </xsl:when>
        <xsl:otherwise>
          <span class="entity-name">{h:entity-name(.)}</span>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="exists($dates)">
        <xsl:text> </xsl:text>
        <span class="entity-dates">({$dates})</span>
      </xsl:if>
      <xsl:for-each select="*[self::occupation or self::desc or self::note]">
        <div class="entity-{local-name()} {h:class(.)}">
          <xsl:apply-templates mode="h:html">
            <xsl:with-param name="context" select="'meta'" tunnel="yes"/>
            <xsl:with-param name="inline" select="false()" tunnel="yes"/>
          </xsl:apply-templates>
        </div>
      </xsl:for-each>
      <xsl:if test="idno[normalize-space()]">
        <ul class="entity-ids">
          <xsl:for-each select="idno[normalize-space()]">
            <xsl:call-template name="h:authority"/>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </li>
  </xsl:template>

  <!--
    An authority identifier: a link only when it is (or, for a bare Wikidata
    Q-id, stands for) an http(s) URL; otherwise the type and the value as
    text ("SNAC 5402727": the URL form for a bare SNAC number is not
    documented, so none is made up).
  -->
  <xsl:template name="h:authority">
    <xsl:variable name="value" select="normalize-space(.)"/>
    <xsl:variable name="type" select="normalize-space(@type)"/>
    <xsl:variable name="label" select="($h:idno-labels(lower-case($type)), $type[. ne ''], 'ID')[1]"/>
    <xsl:variable name="wikidata" select="lower-case($type) eq 'wikidata'"/>
    <xsl:variable name="url" select="
      if ($wikidata and matches($value, '^Q[0-9]+$')) then 'https://www.wikidata.org/wiki/' || $value
      else if (matches($value, '^https?://', 'i')) then h:safe-url($value)
      else ()"/>
    <xsl:variable name="text" select="
      if ($wikidata and matches($value, 'Q[0-9]+$')) then $label || ' ' || replace($value, '^.*?(Q[0-9]+)$', '$1')
      else if (exists($url)) then $label
      else $label || ' ' || $value"/>
    <li class="idno" data-type="{$type}">
      <xsl:choose>
        <xsl:when test="exists($url)">
          <a class="authority-link" href="{$url}">{$text}</a>
        </xsl:when>
        <xsl:otherwise>{$text}</xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

</xsl:stylesheet>
