<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the header says, read once for every output: the document's own
  title and its correspondents (who sent it, who received it, where the
  date and place of each are). xslt/model.xsl (the typed record that
  citations, exports and the plain text read) and the web edition's
  metadata block (xslt/html/header.xsl) both include this module, so that
  they never disagree.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all"
  expand-text="yes">

  <!-- Text of an element with white space normalised, notes left out. -->
  <xsl:function name="c:text" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::note[. >> $e])], ''))"/>
  </xsl:function>

  <!--
    The correspondents of a letter, as CMIF defines them: every persName and
    orgName of a correspAction is a correspondent of that action (placeName
    is its place, date its date), in any order. The action's @type is the
    role; a correspondent's own @type or @role naming the other role
    (type="addressee" inside a sent action, as some editions encode both
    parties in one action) moves that correspondent to the other role.
  -->
  <xsl:variable name="c:sender-roles" select="('sender', 'sent', 'author', 'from')"/>
  <xsl:variable name="c:addressee-roles" select="('addressee', 'recipient', 'received', 'to')"/>

  <xsl:function name="c:own-role" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="r" select="lower-case(normalize-space(($e/@type, $e/@role)[normalize-space()][1]))"/>
    <xsl:sequence select="if ($r = $c:sender-roles) then 'sent' else if ($r = $c:addressee-roles) then 'received' else ()"/>
  </xsl:function>

  <!-- The correspondents of a role in these actions (several actions of one role, e.g. "to" and "cc" copies, are all kept). -->
  <xsl:function name="c:correspondents" as="element()*">
    <xsl:param name="cd" as="element()?"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:variable name="swap" select="c:roles-reversed($cd)"/>
    <xsl:sequence select="$cd/correspAction/(persName | orgName)[
        let $r := (c:own-role(.), string(../@type))[1]
        return (if ($swap and exists(c:own-role(.))) then (if ($r = 'sent') then 'received' else 'sent') else $r) = $role]"/>
  </xsl:function>

  <!--
    Both parties in one action, told apart only by their own @type (not
    CMIF: some editions put sender and addressee into the sent action), is
    an encoding the toolkit cannot check by its structure. When the
    document's own title names the two the other way round ("A an B",
    "A to B" with A the one typed addressee), the title is taken as the
    truth: the roles are reversed.
  -->
  <xsl:function name="c:roles-reversed" as="xs:boolean">
    <xsl:param name="cd" as="element()?"/>
    <xsl:variable name="action" select="$cd/correspAction[(persName | orgName)[c:own-role(.) = 'sent'] and (persName | orgName)[c:own-role(.) = 'received']][1]"/>
    <!-- (The rest only for such an action, which is rare: SaxonJS evaluates a function's variables whether its result needs them or not.) -->
    <xsl:sequence select="exists($action) and (
      let $typed-sender := c:text(($action/(persName | orgName)[c:own-role(.) = 'sent'])[1]),
          $typed-addressee := c:text(($action/(persName | orgName)[c:own-role(.) = 'received'])[1]),
          $title := c:text(c:title(root($cd)/TEI/teiHeader/fileDesc/titleStmt/title))
      return $typed-sender ne '' and $typed-addressee ne ''
        and matches($title, '^\s*' || c:quote-regex($typed-addressee) || '\s+(an|to|à|a|aan|til|till|do|al|ad)\s+' || c:quote-regex($typed-sender) || '(\W|$)', 'i'))"/>
  </xsl:function>

  <xsl:function name="c:quote-regex" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '([\\.^$|?*+()\[\]{}\-])', '\\$1')"/>
  </xsl:function>

  <!-- The action that carries a role's place and date: the first without a subtype (a redirection is not the letter's own), else the first. -->
  <xsl:function name="c:main-action" as="element()?">
    <xsl:param name="cd" as="element()?"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:variable name="a" select="$cd/correspAction[@type = $role]"/>
    <xsl:sequence select="(if ($role = 'received') then $a[not(@subtype)][last()] else $a[not(@subtype)][1], $a[1])[1]"/>
  </xsl:function>

  <!--
    The document's own title: titleStmt/title[@type='main' or no @type],
    the article-level title (a letter in a series) before a monograph,
    journal or series title; else a title typed as the complete one; else
    any title that is not a subtitle, short form or series title.
  -->
  <xsl:function name="c:title" as="element()?">
    <xsl:param name="ts" as="element()*"/>
    <xsl:variable name="main" select="$ts[@type = 'main' or not(@type)]"/>
    <xsl:sequence select="(
        $main[@level = 'a'], $main[not(@level)], $main[not(@level = ('m', 'j', 's'))], $main,
        $ts[@type = ('complete', 'full', 'content', 'desc', 'uniform')],
        $ts[not(@type = ('sub', 'subtitle', 'short', 'alt', 'abbreviated', 'volume', 'series', 's', 'm', 'j', 'parallel')
                or starts-with(@type, 'citation'))][not(@level = ('m', 'j', 's'))],
        $ts)[1]"/>
  </xsl:function>

  <!-- The letter's correspDesc (the first: several describe embedded or anthologised letters). -->
  <xsl:function name="c:correspDesc" as="element()?">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="(root($doc)/TEI/teiHeader/profileDesc/correspDesc)[1]"/>
  </xsl:function>

  <!-- The senders or addressees of the letter: copies (cc, bcc) and the parties of a redirection are not. -->
  <xsl:function name="c:agents" as="element()*">
    <xsl:param name="cd" as="element()?"/>
    <xsl:param name="role" as="xs:string"/>
    <xsl:sequence select="c:correspondents($cd, $role)[not(parent::correspAction/@subtype = ('cc', 'bcc', 'redirecting', 'redirected', 'forwarded', 'forwarding'))]"/>
  </xsl:function>

  <!--
    A manuscript description as labelled fields, in the order a reader looks
    for them (where it is, what it is, what it looks like, where it has been),
    each value the header's own words. The web, print and text editions show
    these as structured metadata rather than as one run of text.
  -->
  <xsl:function name="c:ms-fields" as="map(*)*">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="id" select="$ms/msIdentifier"/>
    <xsl:sequence select="(
      c:field('Place', string-join(($id/country, $id/region, $id/settlement) ! c:text(.), ', ')),
      c:field('Repository', string-join(($id/institution, $id/repository) ! c:text-without(., ('idno', 'locus', 'altIdentifier')), ', ')),
      c:field('Collection', string-join($id/collection ! c:text(.), ', ')),
      c:field('Shelfmark', string-join(($id//idno[not(ancestor::altIdentifier)], $id//locus) ! c:text(.), ', ')),
      c:field('Other shelfmark', string-join($id/altIdentifier ! c:text(.), '; ')),
      c:field('Name', string-join($id/msName ! c:text(.), '; ')),
      c:field('Contents', string-join($ms/msContents/(summary, p, msItem, textLang) ! c:text(.), ' ')),
      c:field('Physical description', string-join($ms/physDesc/(p, objectDesc, handDesc, decoDesc, sealDesc, additions, bindingDesc) ! c:text(.), ' ')),
      c:field('History', string-join($ms/history/(summary, p, origin, provenance, acquisition) ! c:text(.), ' ')),
      c:field('Further information', string-join($ms/additional/(adminInfo, surrogates, listBibl) ! c:text(.), ' ')),
      c:field('Description', string-join($ms/p ! c:text(.), ' ')))"/>
  </xsl:function>

  <xsl:function name="c:field" as="map(*)?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="v" select="replace(normalize-space($value), '^[,;:\s]+|[,;:\s]+$', '')"/>
    <xsl:sequence select="if ($v) then map { 'label': $label, 'value': $v } else ()"/>
  </xsl:function>

  <!-- Text of an element without the text of some of its children (a repository that also holds its shelfmark). -->
  <xsl:function name="c:text-without" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="left-out" as="xs:string*"/>
    <xsl:sequence select="normalize-space(string-join($e//text()[not(ancestor::*[local-name() = $left-out][. >> $e])][not(ancestor::note)], ''))"/>
  </xsl:function>

</xsl:stylesheet>
