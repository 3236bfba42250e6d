package betaalrun

import (
	"encoding/xml"
	"strconv"
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

// pain001Referentie is the file as encoding/xml makes it of the Document:
// what the streamed writer must produce byte for byte.
func pain001Referentie(msgID string, now time.Time, betalingen []Overboeking) []byte {
	var som int64
	var txs []CdtTrfTxInf
	for _, b := range betalingen {
		som += b.Bedrag
		txs = append(txs, CdtTrfTxInf{EndToEndId: sepaTekst(b.EndToEndID, 35), Amt: Amount{Ccy: "EUR", Value: Euro(b.Bedrag)},
			Cdtr: Party{Nm: sepaTekst(b.Naam, 70)}, CdtrAcct: Account{IBAN: b.IBAN}, Ustrd: sepaTekst(b.Omschrijving, 140)})
	}
	local := now.In(amsterdam)
	n := strconv.Itoa(len(txs))
	doc := Document{CstmrCdtTrfInitn: CstmrCdtTrfInitn{
		GrpHdr: GrpHdr{MsgId: sepaTekst(msgID, 35), CreDtTm: local.Format("2006-01-02T15:04:05"), NbOfTxs: n, CtrlSum: Euro(som),
			InitgPty: Party{Nm: DebiteurNaam}},
		PmtInf: []PmtInf{{PmtInfId: sepaTekst(msgID+"-1", 35), PmtMtd: "TRF", BtchBookg: true, NbOfTxs: n, CtrlSum: Euro(som),
			SvcLvl: "SEPA", ReqdExctnDt: local.Format("2006-01-02"), Dbtr: Party{Nm: DebiteurNaam}, DbtrAcct: Account{IBAN: DebiteurIBAN},
			DbtrAgt: "NOTPROVIDED", ChrgBr: "SLEV", CdtTrfTxInf: txs}},
	}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return append([]byte(xml.Header), append(out, '\n')...)
}

// The streamed file, in blocks of any size, is exactly what encoding/xml
// makes of the same Document, escaping included.
func TestStreamedPain001MatchesEncodingXML(t *testing.T) {
	now := time.Date(2026, 1, 5, 16, 0, 0, 0, time.UTC)
	var list []Overboeking
	for i, naam := range []string{"O'Brien & Zn", "Zoë <Çelik>", `"Huis" de Vries`, "a\tb\nc", strings.Repeat("x", 90), "Thuiszorg De Linde"} {
		list = append(list, Overboeking{EndToEndID: "PGB-BET-000000" + strconv.Itoa(i), Bedrag: int64(i*100_01 + 7), Naam: naam,
			IBAN: "NL91ABNA0417164300", Omschrijving: "PGB BET-000000" + strconv.Itoa(i) + " " + naam})
	}
	want := pain001Referentie("PGB-BETAALRUN-000042", now, list)
	for _, blok := range []int{1, 100, 1 << 20} {
		blokken := map[int][]byte{}
		p := newPainBestand("PGB-BETAALRUN-000042", now, blok, func(nr int, data []byte) error {
			if _, dubbel := blokken[nr]; dubbel {
				t.Fatalf("block %d written twice", nr)
			}
			blokken[nr] = append([]byte(nil), data...)
			return nil
		})
		for _, o := range list {
			if err := p.transactie(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.sluit(); err != nil {
			t.Fatal(err)
		}
		var got []byte
		for i := 0; i < len(blokken); i++ {
			got = append(got, blokken[i]...)
		}
		if string(got) != string(want) {
			t.Fatalf("blocks of %d: streamed file differs from encoding/xml:\n%s\n---\n%s", blok, got, want)
		}
		if blok == 1 && len(blokken) != len(list)+2 {
			t.Errorf("blocks of 1 byte: %d blocks, want one per transaction, the closing and the header", len(blokken))
		}
	}
	if b, err := Pain001("PGB-BETAALRUN-000042", now, list); err != nil || string(b) != string(want) {
		t.Fatalf("Pain001 differs from encoding/xml (%v)", err)
	}
}
