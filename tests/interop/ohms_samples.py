"""OHMS XML cache files made for the tests: a 5.4 record with a line-based transcript and its
<sync> marks, and a 6.0 record with a WebVTT transcript (with OHMS's own quirks)."""

OHMS_54 = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<record id="00042" dt="2024-05-01">
<version>5.4</version>
<date value="1998-03-15" format="yyyy-mm-dd"/>
<date_nonpreferred_format/>
<cms_record_id/>
<title>Oral history interview with Ida Nudel (fictional)</title>
<accession>OH-0042</accession>
<duration>00:03:30</duration>
<collection_name>Refusenik oral histories</collection_name>
<repository>Demo Oral History Center</repository>
<funding>Demo Foundation</funding>
<subject>Natan Sharansky</subject>
<keyword>emigration</keyword>
<interviewee>Ida Nudel (fictional)</interviewee>
<interviewer>Jane Roe</interviewer>
<sync>1:|4(4)|9(1)|12(2)</sync>
<sync_alt/>
<transcript_alt_lang/>
<translate>0</translate>
<language>English</language>
<index>
<point><time>0</time><title>Childhood in Moscow</title><title_alt>Детство в Москве</title_alt><partial_transcript>ROE: Where were you born?</partial_transcript><partial_transcript_alt/><synopsis>She grew up near the synagogue.</synopsis><synopsis_alt>Она выросла возле синагоги.</synopsis_alt><keywords>Moscow;childhood</keywords><keywords_alt>Москва;детство</keywords_alt><subjects>Sharansky, Natan;Synagogues</subjects><subjects_alt/><gpspoints><gps>55.7558, 37.6173</gps><gps_zoom>12</gps_zoom><gps_text>Moscow</gps_text><gps_text_alt>Москва</gps_text_alt></gpspoints><hyperlinks><hyperlink>https://example.org/moscow</hyperlink><hyperlink_text>Moscow then</hyperlink_text><hyperlink_text_alt/></hyperlinks></point>
<point><time>95.5</time><title>The refusal</title><title_alt/><partial_transcript/><partial_transcript_alt/><synopsis>Refused an exit visa.</synopsis><synopsis_alt/><keywords>OVIR</keywords><keywords_alt/><subjects>Exit visas</subjects><subjects_alt/><gpspoints><gps></gps><gps_zoom></gps_zoom><gps_text></gps_text><gps_text_alt></gps_text_alt></gpspoints><hyperlinks><hyperlink></hyperlink><hyperlink_text></hyperlink_text><hyperlink_text_alt></hyperlink_text_alt></hyperlinks></point>
</index>
<description>A fictional refusenik remembers.</description>
<transcript>ROE: Where were you born, and
what do you remember first?

NUDEL: I was born in Moscow in 1931. My father
worked near the synagogue on Arkhipova Street and
we went there on holidays.

ROE: When did you apply to leave?

NUDEL: In 1971. They refused me, and
the refusal lasted sixteen years. Щаранский was
arrested in 1977 and I stood outside the court.</transcript>
<transcript_alt/>
<rights>Demo use only.</rights>
<userestrict>0</userestrict>
</record>
</ROOT>
"""

OHMS_60 = """<?xml version="1.0" encoding="UTF-8"?>
<ROOT xmlns="https://www.weareavp.com/nunncenter/ohms">
  <record id="36809" dt="2025-01-23">
    <version>6.0</version>
    <date value="" format="yyyy-mm-dd"/>
    <date_nonpreferred_format>1999-06</date_nonpreferred_format>
    <cms_record_id>interview-slepak-ohms</cms_record_id>
    <title>Интервью с Владимиром Слепаком (fictional)</title>
    <accession/>
    <duration>00:01:30</duration>
    <repository>Demo Oral History Center</repository>
    <interviewee>Vladimir Slepak (fictional)</interviewee>
    <interviewer/>
    <transcript_alt_lang>English</transcript_alt_lang>
    <language>Russian</language>
    <index>
      <point><time>30</time><title>Демонстрация</title><title_alt>The demonstration</title_alt><synopsis/><keywords>балкон</keywords><subjects/></point>
    </index>
    <description/>
    <vtt_transcript><![CDATA[WEBVTT

NOTE
TRANSCRIPTION BEGIN

00:00:03.000 --> 00:00:18.000
<v КОРР>  Когда вы вышли на балкон?

00:00:18.000 --> 00:00:31.500
<v СЛЕПАК>  В июне 1978 года.<br><br>Мы повесили плакат.

00:00:31.500 --> 00:00:00.000
<v СЛЕПАК>  Щаранский был уже арестован.

NOTE
TRANSCRIPTION END
]]></vtt_transcript>
    <vtt_transcript_alt><![CDATA[WEBVTT

00:00:03.000 --> 00:00:18.000
<v INTERVIEWER>When did you go out onto the balcony?

00:00:18.000 --> 00:00:31.500
<v SLEPAK>In June 1978. We hung a banner.

00:00:31.500 --> 00:01:10.000
<v SLEPAK>Sharansky had already been arrested.
]]></vtt_transcript_alt>
    <userestrict>0</userestrict>
  </record>
</ROOT>
"""
