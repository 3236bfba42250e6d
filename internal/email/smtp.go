package email

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// SMTP delivers messages to one mail server.
type SMTP struct {
	Addr    string // host:port
	From    string // envelope sender (bare address)
	Timeout time.Duration
}

// ErrPermanent marks a refusal by the mail server that a retry will not
// change (a 5xx reply, e.g. an unknown mailbox).
var ErrPermanent = errors.New("email: permanent refusal")

// Send delivers msg to rcpt. The whole conversation is bounded by Timeout.
func (s SMTP) Send(ctx context.Context, rcpt string, msg []byte) error {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("email: connect: %w", err)
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close()
		return classify("greeting", err)
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return classify("hello", err)
	}
	if err := c.Mail(s.From); err != nil {
		return classify("mail from", err)
	}
	if err := c.Rcpt(rcpt); err != nil {
		return classify("rcpt to", err)
	}
	w, err := c.Data()
	if err != nil {
		return classify("data", err)
	}
	if _, err := w.Write(msg); err != nil {
		return classify("data", err)
	}
	if err := w.Close(); err != nil {
		return classify("data", err)
	}
	// The message is accepted once DATA is acknowledged; a failing QUIT
	// must not cause a second delivery.
	_ = c.Quit()
	return nil
}

func classify(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return fmt.Errorf("email: %s: %w: %w", step, ErrPermanent, err)
	}
	return fmt.Errorf("email: %s: %w", step, err)
}
