<?xml version="1.0" encoding="UTF-8"?>
<!--
  For every output (web, print, text): the writing direction of a language,
  and the words of a pointer without words whose target lies in the letter
  itself. Included by common/notes.xsl, whose key c:id it reads.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:c="urn:x-tei-edition:common"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <!--
    The writing direction of a language tag: 'rtl' for a script written right to left (the tag's script subtag
    when it has one, else the language's usual script), else 'ltr'. HTML does not take it from lang (the web
    page's dir, html/common.xsl), nor Typst from a tag it does not know (the print edition's ed-lang).
  -->
  <xsl:function name="c:dir" as="xs:string">
    <xsl:param name="tag" as="xs:string?"/>
    <xsl:variable name="subtags" select="tokenize(lower-case(string($tag)), '-')"/>
    <xsl:variable name="script" select="$subtags[position() gt 1][string-length(.) eq 4][matches(., '^[a-z]{4}$')][1]"/>
    <xsl:sequence select="
      if (exists($script)) then (if ($script = ('arab', 'hebr', 'syrc', 'thaa', 'nkoo', 'adlm', 'rohg', 'samr', 'mand', 'mend', 'yezi')) then 'rtl' else 'ltr')
      else if ($subtags[1] = ('ar', 'arc', 'azb', 'ckb', 'dv', 'fa', 'he', 'iw', 'ji', 'khw', 'ks', 'lrc', 'mzn', 'nqo', 'pnb', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi')) then 'rtl'
      else 'ltr'"/>
  </xsl:function>

  <!--
    Whether an element's xml:lang turns the direction: its language is written the other way than the one
    around it (the nearest language above, else the document's: langUsage, as the article's lang is chosen).
  -->
  <xsl:function name="c:turns" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/@xml:lang) and c:dir($e/@xml:lang) ne c:dir((($e/ancestor::*/@xml:lang)[last()], root($e)/*/teiHeader/profileDesc/langUsage/language[1]/@ident)[1])"/>
  </xsl:function>

  <!--
    The words of a pointer without words of its own (a ptr, an empty ref) whose target is in the letter
    itself: a register entry by its name (c:entry-words), a place in the text as "above" or "below" (where it
    stands from the pointer; "#p1" meant nothing to a reader); () for any other target, or the pointer's own
    enclosing element.
  -->
  <xsl:function name="c:within-words" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="pointer" select="tokenize(normalize-space($e/@target))[1]"/>
    <xsl:variable name="there" select="if (starts-with($pointer, '#')) then key('c:id', substring($pointer, 2), root($e))[ancestor::text][1] else ()"/>
    <xsl:sequence select="(c:entry-words($e/@target), $there ! (if (. is $e or exists(. intersect $e/ancestor::*)) then () else if (. &lt;&lt; $e) then 'above' else 'below'))[1]"/>
  </xsl:function>

  <!--
    A pointer to a register entry (#whitcombe; a shared register's registers.xml#whitcombe is #whitcombe in
    the letter as the build reads it, the entry copied in): the entry's name as a text reads it (its first
    name that is not a variant, in its own order: "Clara Whitcombe"), or () for any other target.
  -->
  <xsl:function name="c:entry-words" as="xs:string?">
    <xsl:param name="target" as="attribute()?"/>
    <xsl:variable name="pointer" select="tokenize(normalize-space($target))[1]"/>
    <xsl:variable name="entry" select="if (starts-with($pointer, '#')) then key('c:id', substring($pointer, 2), root($target))[self::person or self::personGrp or self::place or self::org][1] else ()"/>
    <xsl:variable name="names" select="$entry/*[self::persName or self::placeName or self::orgName or self::name]"/>
    <xsl:sequence select="($names[not(@type = 'variant')], $names)[1] ! normalize-space(.)[. ne '']"/>
  </xsl:function>

</xsl:stylesheet>
