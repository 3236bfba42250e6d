// Package loadtest drives the portal over HTTP the way a browser does: one
// cookie jar per person, the real login flow through the test identity
// providers, links and forms read from the pages. The load tool (cmd/pgbload)
// and the query discipline tests use it.
package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// Client is one browser: its own cookies, following redirects.
type Client struct {
	Base string
	HTTP *http.Client
}

// NewClient returns a client for the portal at base ("http://127.0.0.1:8080").
// transport may be shared between clients (nil: a fresh one).
func NewClient(base string, transport http.RoundTripper) *Client {
	jar, _ := cookiejar.New(nil)
	if transport == nil {
		transport = http.DefaultTransport.(*http.Transport).Clone()
	}
	return &Client{Base: strings.TrimRight(base, "/"), HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: transport}}
}

// Page is a response, read completely.
type Page struct {
	Status int
	URL    *url.URL // after redirects
	Body   []byte
	doc    *goquery.Document
}

// Doc parses the page as HTML (once).
func (p *Page) Doc() *goquery.Document {
	if p.doc == nil {
		p.doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
		if p.doc == nil {
			p.doc, _ = goquery.NewDocumentFromReader(strings.NewReader(""))
		}
	}
	return p.doc
}

// Links returns the distinct paths of the page's links that match re, in order.
func (p *Page) Links(re *regexp.Regexp) []string {
	var out []string
	seen := map[string]bool{}
	p.Doc().Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		h, _ := s.Attr("href")
		if u, err := url.Parse(h); err == nil && re.MatchString(u.Path) && !seen[u.Path] {
			seen[u.Path] = true
			out = append(out, u.Path)
		}
	})
	return out
}

// Form returns the action and the current values of the first form whose
// action matches re: what a browser would send when its default button is
// pressed without changing anything.
func (p *Page) Form(re *regexp.Regexp) (string, url.Values, bool) {
	var action string
	var vals url.Values
	p.Doc().Find("form").EachWithBreak(func(_ int, f *goquery.Selection) bool {
		a, _ := f.Attr("action")
		if !re.MatchString(a) {
			return true
		}
		action, vals = a, formValues(f)
		return false
	})
	return action, vals, vals != nil
}

func formValues(f *goquery.Selection) url.Values {
	v := url.Values{}
	f.Find("input, textarea, select").Each(func(_ int, in *goquery.Selection) {
		name, ok := in.Attr("name")
		if !ok || name == "" {
			return
		}
		switch goquery.NodeName(in) {
		case "textarea":
			v.Add(name, in.Text())
			return
		case "select":
			sel := in.Find("option[selected]")
			if sel.Length() == 0 {
				sel = in.Find("option").First()
			}
			val, _ := sel.Attr("value")
			v.Add(name, val)
			return
		}
		typ, _ := in.Attr("type")
		val, _ := in.Attr("value")
		switch typ {
		case "submit", "button", "file", "image", "reset":
			return
		case "checkbox", "radio":
			if _, checked := in.Attr("checked"); !checked {
				return
			}
			if val == "" {
				val = "on"
			}
		}
		v.Add(name, val)
	})
	return v
}

// Get fetches path (relative to Base, or absolute).
func (c *Client) Get(ctx context.Context, path string) (*Page, error) {
	return c.do(ctx, http.MethodGet, path, nil)
}

// Post submits form to path as a browser on the portal's own origin does.
func (c *Client) Post(ctx context.Context, path string, form url.Values) (*Page, error) {
	return c.do(ctx, http.MethodPost, path, form)
}

func (c *Client) do(ctx context.Context, method, path string, form url.Values) (*Page, error) {
	u := path
	if strings.HasPrefix(path, "/") {
		u = c.Base + path
	}
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.Base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &Page{Status: resp.StatusCode, URL: resp.Request.URL, Body: b}, nil
}

// Identity is what a person types on a test provider's login form: the
// means (digid, eherkenning, vecozo) and the form's fields.
type Identity struct {
	Means  string
	Fields url.Values
}

// DigiD is a DigiD login with a BSN.
func DigiD(bsn string) Identity { return Identity{"digid", url.Values{"bsn": {bsn}}} }

// Vecozo is a Vecozo login of a formal zorgverlener.
func Vecozo(agb, naam string) Identity {
	return Identity{"vecozo", url.Values{"agb": {agb}, "name": {naam}}}
}

// EHerkenning is an eHerkenning login of employee medewerker of organisation kvk.
func EHerkenning(kvk, orgNaam, medewerker string) Identity {
	return Identity{"eherkenning", url.Values{"kvk": {kvk}, "org_name": {orgNaam}, "acting_subject": {medewerker}}}
}

// Login goes through the real flow: the portal sends the browser to the
// provider, the form there is filled in and posted, the provider sends the
// browser back with a code, the portal starts the session. When the
// identity may act for several parties, the first is chosen. It returns the
// page the portal shows after login.
func (c *Client) Login(ctx context.Context, id Identity) (*Page, error) {
	p, err := c.Get(ctx, "/inloggen/"+id.Means)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(p.URL.Path, "/stub/"+id.Means) {
		return nil, fmt.Errorf("login %s: not at the provider but at %s (status %d)", id.Means, p.URL.Path, p.Status)
	}
	var first string
	for k := range id.Fields {
		first = k
		break
	}
	var action string
	var form url.Values
	p.Doc().Find("form").EachWithBreak(func(_ int, f *goquery.Selection) bool {
		if f.Find(`input[name="`+first+`"]`).Length() == 0 {
			return true
		}
		action, _ = f.Attr("action")
		form = formValues(f)
		return false
	})
	if form == nil {
		return nil, fmt.Errorf("login %s: no login form at the provider", id.Means)
	}
	for k, v := range id.Fields {
		form[k] = v
	}
	target, err := p.URL.Parse(action)
	if err != nil {
		return nil, err
	}
	p, err = c.Post(ctx, target.String(), form)
	if err != nil {
		return nil, err
	}
	if p.URL.Path == "/kies-rol" {
		p, err = c.Post(ctx, "/kies-rol", url.Values{"keuze": {"0"}})
		if err != nil {
			return nil, err
		}
	}
	if p.Status != http.StatusOK || strings.HasPrefix(p.URL.Path, "/stub/") || p.URL.Path == "/inloggen" {
		return nil, fmt.Errorf("login %s: ended at %s with status %d", id.Means, p.URL.Path, p.Status)
	}
	return p, nil
}
