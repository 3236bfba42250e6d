package betaalrun

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestEuro(t *testing.T) {
	for in, want := range map[int64]string{0: "0.00", 1: "0.01", 10: "0.10", 123456: "1234.56", 100: "1.00", -250: "-2.50"} {
		if got := Euro(in); got != want {
			t.Errorf("Euro(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestSepaTekst(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"H. de Boer", 70, "H. de Boer"},
		{"Zoë Çelik-Müller", 70, "Zoe Celik-Muller"},
		{"Bakker & Zn", 70, "Bakker + Zn"},
		{"IJsselmeer ĳs", 70, "IJsselmeer ijs"},
		{"naam;met*tekens", 70, "naam met tekens"},
		{"  veel   ruimte ", 70, "veel ruimte"},
		{strings.Repeat("a", 80), 70, strings.Repeat("a", 70)},
	}
	for _, c := range cases {
		if got := sepaTekst(c.in, c.max); got != c.want {
			t.Errorf("sepaTekst(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPain001Structure(t *testing.T) {
	now := time.Date(2026, 7, 1, 15, 0, 0, 0, time.UTC) // 17:00 summer time
	b, err := Pain001("PGB-BETAALRUN-000007", now, []Overboeking{
		{EndToEndID: "PGB-BET-0000001", Bedrag: 12_34, Naam: "A", IBAN: "NL91ABNA0417164300", Omschrijving: "PGB BET-0000001"},
		{EndToEndID: "PGB-BET-0000002", Bedrag: 1_000_00, Naam: "B", IBAN: "NL91ABNA0417164300", Omschrijving: "PGB BET-0000002"},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">`,
		`<CreDtTm>2026-07-01T17:00:00</CreDtTm>`, `<NbOfTxs>2</NbOfTxs>`, `<CtrlSum>1012.34</CtrlSum>`,
		`<PmtMtd>TRF</PmtMtd>`, `<Cd>SEPA</Cd>`, `<ReqdExctnDt>2026-07-01</ReqdExctnDt>`, `<ChrgBr>SLEV</ChrgBr>`,
		`<InstdAmt Ccy="EUR">12.34</InstdAmt>`, `<EndToEndId>PGB-BET-0000002</EndToEndId>`, `<Ustrd>PGB BET-0000001</Ustrd>`,
		`<IBAN>` + DebiteurIBAN + `</IBAN>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("pain.001 lacks %s\n%s", want, s)
		}
	}
	var doc Document
	if err := xml.Unmarshal(b, &doc); err != nil || len(doc.CstmrCdtTrfInitn.PmtInf[0].CdtTrfTxInf) != 2 {
		t.Fatalf("round trip: %v", err)
	}
	// Elements come in the order of the XML schema.
	order := []string{"<GrpHdr>", "<MsgId>", "<CreDtTm>", "<NbOfTxs>", "<CtrlSum>", "<InitgPty>", "<PmtInf>", "<PmtInfId>", "<PmtMtd>",
		"<BtchBookg>", "<NbOfTxs>", "<CtrlSum>", "<PmtTpInf>", "<ReqdExctnDt>", "<Dbtr>", "<DbtrAcct>", "<DbtrAgt>", "<ChrgBr>",
		"<CdtTrfTxInf>", "<PmtId>", "<Amt>", "<Cdtr>", "<CdtrAcct>", "<RmtInf>"}
	pos := 0
	for _, tag := range order {
		i := strings.Index(s[pos:], tag)
		if i < 0 {
			t.Fatalf("%s missing or out of order", tag)
		}
		pos += i + len(tag)
	}
}
