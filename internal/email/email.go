// Package email tells people by e-mail that a new bericht waits for them in
// the portal. The e-mail never carries the bericht itself: no names, no BSN,
// no care details; only that there is something to read, and where.
//
// Notifications are queued in the email_outbox table by the database, in the
// same transaction as the bericht (see bericht.Send). Worker delivers them.
package email

import (
	"bytes"
	"fmt"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Subject is the subject line of every notification.
const Subject = "Nieuw bericht in het PGB Portaal"

// Body is the text of a notification; baseURL is the portal's public address.
func Body(baseURL string) string {
	return "Geachte heer, mevrouw,\r\n\r\n" +
		"Er staat een nieuw bericht voor u klaar in het PGB Portaal.\r\n" +
		"Log in om het bericht te lezen:\r\n\r\n" +
		strings.TrimRight(baseURL, "/") + "/berichten\r\n\r\n" +
		"Om uw privacy te beschermen staat de inhoud van het bericht niet in deze e-mail.\r\n" +
		"Dit is een automatisch verstuurde e-mail. U kunt hier niet op antwoorden.\r\n\r\n" +
		"Met vriendelijke groet,\r\n\r\n" +
		"PGB Portaal\r\n"
}

// Message builds the complete RFC 5322 message for outbox row id. The
// Message-ID is derived from id, so a receiver can recognise a repeat.
func Message(id int64, from, to, baseURL string, now time.Time) ([]byte, error) {
	fromAddr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("email: from address: %w", err)
	}
	toAddr, err := mail.ParseAddress(to)
	if err != nil {
		return nil, fmt.Errorf("email: to address: %w", err)
	}
	domain := fromAddr.Address[strings.LastIndexByte(fromAddr.Address, '@')+1:]
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", fromAddr.String())
	h("To", toAddr.String())
	h("Subject", Subject)
	h("Date", now.Format(time.RFC1123Z))
	h("Message-ID", fmt.Sprintf("<bericht-melding-%d@%s>", id, domain))
	h("Auto-Submitted", "auto-generated")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(Body(baseURL))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
