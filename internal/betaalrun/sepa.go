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

// Pain001 builds the SEPA credit transfer file for the payments, to be
// executed on the Dutch date of now.
func Pain001(msgID string, now time.Time, betalingen []Overboeking) ([]byte, error) {
	var som int64
	txs := make([]CdtTrfTxInf, 0, len(betalingen))
	for _, b := range betalingen {
		som += b.Bedrag
		txs = append(txs, CdtTrfTxInf{
			EndToEndId: sepaTekst(b.EndToEndID, 35),
			Amt:        Amount{Ccy: "EUR", Value: Euro(b.Bedrag)},
			Cdtr:       Party{Nm: sepaTekst(b.Naam, 70)},
			CdtrAcct:   Account{IBAN: b.IBAN},
			Ustrd:      sepaTekst(b.Omschrijving, 140),
		})
	}
	local := now.In(amsterdam)
	n := strconv.Itoa(len(txs))
	doc := Document{CstmrCdtTrfInitn: CstmrCdtTrfInitn{
		GrpHdr: GrpHdr{MsgId: sepaTekst(msgID, 35), CreDtTm: local.Format("2006-01-02T15:04:05"), NbOfTxs: n, CtrlSum: Euro(som),
			InitgPty: Party{Nm: DebiteurNaam}},
		PmtInf: []PmtInf{{
			PmtInfId: sepaTekst(msgID+"-1", 35), PmtMtd: "TRF", BtchBookg: true, NbOfTxs: n, CtrlSum: Euro(som),
			SvcLvl: "SEPA", ReqdExctnDt: local.Format("2006-01-02"),
			Dbtr: Party{Nm: DebiteurNaam}, DbtrAcct: Account{IBAN: DebiteurIBAN}, DbtrAgt: "NOTPROVIDED", ChrgBr: "SLEV",
			CdtTrfTxInf: txs,
		}},
	}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
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
