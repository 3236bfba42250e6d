package betaalrun

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"
)

// Pain001Namespace is the XML namespace of a SEPA credit transfer initiation,
// ISO 20022 pain.001.001.03.
const Pain001Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"

// The SVB pays every budget from one account. This is a demo account (a valid
// IBAN that belongs to no one); a deployment replaces it.
const (
	DebiteurNaam = "Sociale Verzekeringsbank"
	DebiteurIBAN = "NL20INGB0001234567"
)

// Document is a pain.001.001.03 message: the SEPA file a betaalrun hands to
// the bank. Only the elements the portal fills are modelled.
type Document struct {
	XMLName          xml.Name         `xml:"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03 Document"`
	CstmrCdtTrfInitn CstmrCdtTrfInitn `xml:"CstmrCdtTrfInitn"`
}

// CstmrCdtTrfInitn is the customer credit transfer initiation.
type CstmrCdtTrfInitn struct {
	GrpHdr GrpHdr   `xml:"GrpHdr"`
	PmtInf []PmtInf `xml:"PmtInf"`
}

// GrpHdr is the group header: message id, creation time, number of
// transactions and their sum.
type GrpHdr struct {
	MsgId    string `xml:"MsgId"`
	CreDtTm  string `xml:"CreDtTm"`
	NbOfTxs  string `xml:"NbOfTxs"`
	CtrlSum  string `xml:"CtrlSum"`
	InitgPty Party  `xml:"InitgPty"`
}

// Party is a name.
type Party struct {
	Nm string `xml:"Nm"`
}

// Account holds an IBAN.
type Account struct {
	IBAN string `xml:"Id>IBAN"`
}

// PmtInf is one batch of credit transfers from one debtor account.
type PmtInf struct {
	PmtInfId    string        `xml:"PmtInfId"`
	PmtMtd      string        `xml:"PmtMtd"`
	BtchBookg   bool          `xml:"BtchBookg"`
	NbOfTxs     string        `xml:"NbOfTxs"`
	CtrlSum     string        `xml:"CtrlSum"`
	SvcLvl      string        `xml:"PmtTpInf>SvcLvl>Cd"`
	ReqdExctnDt string        `xml:"ReqdExctnDt"`
	Dbtr        Party         `xml:"Dbtr"`
	DbtrAcct    Account       `xml:"DbtrAcct"`
	DbtrAgt     string        `xml:"DbtrAgt>FinInstnId>Othr>Id"`
	ChrgBr      string        `xml:"ChrgBr"`
	CdtTrfTxInf []CdtTrfTxInf `xml:"CdtTrfTxInf"`
}

// CdtTrfTxInf is one credit transfer.
type CdtTrfTxInf struct {
	EndToEndId string  `xml:"PmtId>EndToEndId"`
	Amt        Amount  `xml:"Amt>InstdAmt"`
	Cdtr       Party   `xml:"Cdtr"`
	CdtrAcct   Account `xml:"CdtrAcct"`
	Ustrd      string  `xml:"RmtInf>Ustrd"`
}

// Amount is an amount in euros with two decimals ("1234.56").
type Amount struct {
	Ccy   string `xml:"Ccy,attr"`
	Value string `xml:",chardata"`
}

// Overboeking is one payment for the SEPA file.
type Overboeking struct {
	EndToEndID   string
	Bedrag       int64 // cents
	Naam, IBAN   string
	Omschrijving string // remittance information
}

// Euro writes cents as the decimal euros ISO 20022 wants: "1234.56".
func Euro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	c := strconv.FormatInt(cents%100, 10)
	if len(c) == 1 {
		c = "0" + c
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + c
}

// MaxPerBestand is the most transactions one pain.001 file holds: a larger
// run is split into several files (each a complete message of its own).
const MaxPerBestand = 100_000

// Pain001 builds the SEPA credit transfer file for the payments, to be
// executed on the Dutch date of now, in memory: the betaalrun streams the
// same file in blocks (painBestand).
func Pain001(msgID string, now time.Time, betalingen []Overboeking) ([]byte, error) {
	blokken := map[int][]byte{}
	p := newPainBestand(msgID, now, 1<<16, func(blok int, data []byte) error {
		blokken[blok] = append([]byte(nil), data...)
		return nil
	})
	for _, b := range betalingen {
		if err := p.transactie(b); err != nil {
			return nil, err
		}
	}
	if err := p.sluit(); err != nil {
		return nil, err
	}
	var out []byte
	for i := 0; i < len(blokken); i++ {
		out = append(out, blokken[i]...)
	}
	return out, nil
}

// painBestand writes one pain.001.001.03 file while its transactions come
// in, as encoding/xml would indent the Document above (the tests hold it to
// that): the transactions in blocks 1, 2, … of about blokGrootte bytes, each
// handed to write as soon as it is full, and the header, which holds the
// file's number of transactions and their sum, as block 0 when the file is
// closed. So the file is never whole in memory.
type painBestand struct {
	msgID  string
	now    time.Time
	aantal int
	som    int64
	grens  int
	blok   int
	buf    []byte
	write  func(blok int, data []byte) error
}

func newPainBestand(msgID string, now time.Time, blokGrootte int, write func(blok int, data []byte) error) *painBestand {
	return &painBestand{msgID: msgID, now: now, grens: blokGrootte, write: write, buf: make([]byte, 0, blokGrootte+4096)}
}

// transactie adds one credit transfer.
func (p *painBestand) transactie(b Overboeking) error {
	p.aantal++
	p.som += b.Bedrag
	buf := p.buf
	buf = append(buf, "\n      <CdtTrfTxInf>\n        <PmtId>\n          <EndToEndId>"...)
	buf = appendEscaped(buf, sepaTekst(b.EndToEndID, 35))
	buf = append(buf, "</EndToEndId>\n        </PmtId>\n        <Amt>\n          <InstdAmt Ccy=\"EUR\">"...)
	buf = append(buf, Euro(b.Bedrag)...)
	buf = append(buf, "</InstdAmt>\n        </Amt>\n        <Cdtr>\n          <Nm>"...)
	buf = appendEscaped(buf, sepaTekst(b.Naam, 70))
	buf = append(buf, "</Nm>\n        </Cdtr>\n        <CdtrAcct>\n          <Id>\n            <IBAN>"...)
	buf = appendEscaped(buf, b.IBAN)
	buf = append(buf, "</IBAN>\n          </Id>\n        </CdtrAcct>\n        <RmtInf>\n          <Ustrd>"...)
	buf = appendEscaped(buf, sepaTekst(b.Omschrijving, 140))
	buf = append(buf, "</Ustrd>\n        </RmtInf>\n      </CdtTrfTxInf>"...)
	p.buf = buf
	if len(p.buf) >= p.grens {
		return p.flush()
	}
	return nil
}

func (p *painBestand) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	p.blok++
	if err := p.write(p.blok, p.buf); err != nil {
		return err
	}
	p.buf = p.buf[:0]
	return nil
}

// sluit ends the file: the rest of the transactions and the closing tags,
// then the header as block 0.
func (p *painBestand) sluit() error {
	p.buf = append(p.buf, "\n    </PmtInf>\n  </CstmrCdtTrfInitn>\n</Document>\n"...)
	if err := p.flush(); err != nil {
		return err
	}
	local := p.now.In(amsterdam)
	n, som := strconv.Itoa(p.aantal), Euro(p.som)
	h := make([]byte, 0, 2048)
	h = append(h, xml.Header...)
	h = append(h, "<Document xmlns=\""+Pain001Namespace+"\">\n  <CstmrCdtTrfInitn>\n    <GrpHdr>\n      <MsgId>"...)
	h = appendEscaped(h, sepaTekst(p.msgID, 35))
	h = append(h, "</MsgId>\n      <CreDtTm>"+local.Format("2006-01-02T15:04:05")+"</CreDtTm>\n      <NbOfTxs>"+n+
		"</NbOfTxs>\n      <CtrlSum>"+som+"</CtrlSum>\n      <InitgPty>\n        <Nm>"...)
	h = appendEscaped(h, DebiteurNaam)
	h = append(h, "</Nm>\n      </InitgPty>\n    </GrpHdr>\n    <PmtInf>\n      <PmtInfId>"...)
	h = appendEscaped(h, sepaTekst(p.msgID+"-1", 35))
	h = append(h, "</PmtInfId>\n      <PmtMtd>TRF</PmtMtd>\n      <BtchBookg>true</BtchBookg>\n      <NbOfTxs>"+n+
		"</NbOfTxs>\n      <CtrlSum>"+som+"</CtrlSum>\n      <PmtTpInf>\n        <SvcLvl>\n          <Cd>SEPA</Cd>\n        </SvcLvl>\n      </PmtTpInf>\n"+
		"      <ReqdExctnDt>"+local.Format("2006-01-02")+"</ReqdExctnDt>\n      <Dbtr>\n        <Nm>"...)
	h = appendEscaped(h, DebiteurNaam)
	h = append(h, "</Nm>\n      </Dbtr>\n      <DbtrAcct>\n        <Id>\n          <IBAN>"...)
	h = appendEscaped(h, DebiteurIBAN)
	h = append(h, "</IBAN>\n        </Id>\n      </DbtrAcct>\n      <DbtrAgt>\n        <FinInstnId>\n          <Othr>\n            <Id>NOTPROVIDED</Id>\n"+
		"          </Othr>\n        </FinInstnId>\n      </DbtrAgt>\n      <ChrgBr>SLEV</ChrgBr>"...)
	return p.write(0, h)
}

// appendEscaped appends s as XML character data, escaped as encoding/xml
// escapes it.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// sepaLetters maps the accented letters of Dutch names to the SEPA (EPC)
// basic Latin character set.
var sepaLetters = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "Á", "A", "À", "A", "Â", "A", "Ä", "A", "Å", "A",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "È", "E", "Ê", "E", "Ë", "E",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "Í", "I", "Ï", "I", "ĳ", "ij", "Ĳ", "IJ",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "Ó", "O", "Ö", "O", "Ø", "O",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "Ú", "U", "Ü", "U",
	"ý", "y", "ÿ", "y", "ç", "c", "Ç", "C", "ñ", "n", "Ñ", "N", "ß", "ss", "&", "+", "’", "'", "‘", "'",
)

// sepaTekst keeps s within the SEPA character set (a-z A-Z 0-9 / - ? : ( ) . , ' + space)
// and max runes long.
func sepaTekst(s string, max int) string {
	s = sepaLetters.Replace(s)
	b := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("/-?:().,'+ ", r):
			b = append(b, r)
		default:
			b = append(b, ' ')
		}
	}
	out := strings.Join(strings.Fields(string(b)), " ")
	if len(out) > max {
		out = strings.TrimSpace(out[:max])
	}
	return out
}
