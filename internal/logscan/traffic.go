package logscan

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Traffic records what the HTTP traffic of a test shows outside the portal's
// own log: the URL of every request (which ends up in browser histories,
// proxy logs and Referer headers) and the body of every answer with a status
// of 400 or more (the error pages a person sees, screenshots and reports to a
// helpdesk). Saved under test-output/logs/http or test-output/logs/browser, it
// is scanned with the portal's logs at the end of the test run.
//
// A Traffic is safe for concurrent use; its zero value is ready.
type Traffic struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// maxBody bounds how much of one error answer is kept.
const maxBody = 1 << 20

// URL records one requested URL with the status it got (0 when unknown) and,
// for a redirect, where it pointed. A URL with escapes is written a second
// time unescaped, so "de%20Vries" is found as well as "de Vries".
func (t *Traffic) URL(method, rawURL string, status int, location string) {
	t.write(entry(method, rawURL, status, location))
}

// Answer records a request like URL does, followed by the body of its answer
// (an error page), decompressed when it was sent with Content-Encoding gzip
// or deflate. Every line of the body is indented, so the scan of the file
// points at the line of the page.
//
// A form shown again because of what was typed into it (a 409, 413 or 422
// answer to a POST) is no error page: it is the person's own page, with the
// data it showed before and the mistakes marked, and its title starts with
// "Fout: " (as WCAG technique G88 asks). Its body is not recorded, only that
// it was such a page; an error page never has that title.
func (t *Traffic) Answer(method, rawURL string, status int, location, encoding string, body []byte) {
	var b strings.Builder
	b.WriteString(entry(method, rawURL, status, location))
	body = decode(encoding, body)
	if FormAgain(body) {
		b.WriteString("  body: the form again with its mistakes marked (title \"Fout: …\"), not an error page\n")
		t.write(b.String())
		return
	}
	b.WriteString("  body:\n")
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), maxBody+1)
	for sc.Scan() {
		b.WriteString("  | ")
		b.WriteString(sc.Text())
		b.WriteByte('\n')
	}
	t.write(b.String())
}

// FormAgain reports whether an HTML page is a form shown again with its
// mistakes marked: its title starts with "Fout: ".
func FormAgain(page []byte) bool {
	return bytes.Contains(page, []byte("<title>Fout: "))
}

func entry(method, rawURL string, status int, location string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", method, rawURL)
	if status != 0 {
		fmt.Fprintf(&b, " %d", status)
	}
	if location != "" {
		fmt.Fprintf(&b, " -> %s", location)
	}
	b.WriteByte('\n')
	for _, u := range []string{rawURL, location} {
		if d := unescape(u); d != u {
			fmt.Fprintf(&b, "  unescaped: %s\n", d)
		}
	}
	return b.String()
}

func (t *Traffic) write(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.WriteString(s)
}

// String returns everything recorded so far.
func (t *Traffic) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// Save writes what was recorded to test-output/logs/<kind>/<name>.log under
// the repository root (kind "http" for what a server saw, "browser" for what
// a browser requested). Nothing recorded writes nothing.
func (t *Traffic) Save(kind, name string) error {
	s := t.String()
	if s == "" {
		return nil
	}
	root, err := Root()
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "test-output", "logs", unsafeName.ReplaceAllString(kind, "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".log"), []byte(s), 0o644)
}

// Handler records the traffic that next serves: every request's method and
// URL (path and query), its status and redirect target, and the body of
// every answer of 400 or more.
func (t *Traffic) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recordingWriter{ResponseWriter: w}
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			if status >= 400 {
				t.Answer(r.Method, r.URL.RequestURI(), status, rec.Header().Get("Location"), rec.Header().Get("Content-Encoding"), rec.body.Bytes())
			} else {
				t.URL(r.Method, r.URL.RequestURI(), status, rec.Header().Get("Location"))
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// RoundTripper records the traffic a client sends through next (nil means
// http.DefaultTransport), like Handler does on the server side. The body of
// an error answer is read whole, recorded and handed on unchanged.
func (t *Traffic) RoundTripper(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(req)
		if err != nil {
			t.URL(req.Method, req.URL.String(), 0, "")
			return resp, err
		}
		if resp.StatusCode < 400 {
			t.URL(req.Method, req.URL.String(), resp.StatusCode, resp.Header.Get("Location"))
		} else {
			body, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			// The transport has already undone a gzip it asked for itself.
			enc := resp.Header.Get("Content-Encoding")
			if resp.Uncompressed {
				enc = ""
			}
			t.Answer(req.Method, req.URL.String(), resp.StatusCode, resp.Header.Get("Location"), enc, body)
			resp.Body = readCloser{bytes.NewReader(body), rerr}
		}
		return resp, nil
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// readCloser hands on a body read in advance, ending with the error that
// ended the reading.
type readCloser struct {
	r   *bytes.Reader
	err error
}

func (rc readCloser) Read(p []byte) (int, error) {
	n, err := rc.r.Read(p)
	if err == io.EOF && rc.err != nil {
		err = rc.err
	}
	return n, err
}

func (readCloser) Close() error { return nil }

// recordingWriter keeps the status and, for an error, the body.
type recordingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *recordingWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.status >= 400 && w.body.Len() < maxBody {
		w.body.Write(p[:min(len(p), maxBody-w.body.Len())])
	}
	return w.ResponseWriter.Write(p)
}

// Flush keeps streaming answers streaming.
func (w *recordingWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// decode undoes a Content-Encoding; what cannot be decoded is kept as it is.
func decode(encoding string, body []byte) []byte {
	var r io.Reader
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return body
		}
		r = zr
	case "deflate":
		r = flate.NewReader(bytes.NewReader(body))
	default:
		return body
	}
	out, err := io.ReadAll(io.LimitReader(r, maxBody))
	if err != nil && len(out) == 0 {
		return body
	}
	return out
}

// unescape undoes URL escapes and the '+' of form encoding; a URL that is
// not validly escaped comes back unchanged.
func unescape(s string) string {
	d, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return d
}
