// Package web holds the templ components and the static assets of the portal.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// Assets serves the embedded static files under content-hashed names, so they
// can be cached for a year and still change with every release.
type Assets struct {
	byLogical map[string]string // css/app.css -> css/app.1a2b3c4d5e.css
	byHashed  map[string]string // reverse
	fs        fs.FS
}

// StaticAssets is the portal's asset set, built once at start.
var StaticAssets = newAssets()

func newAssets() *Assets {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	a := &Assets{byLogical: map[string]string{}, byHashed: map[string]string{}, fs: sub}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		a.byLogical[p] = hashed
		a.byHashed[hashed] = p
		return nil
	})
	if err != nil {
		panic(err)
	}
	return a
}

// URL returns the public URL of a static file by its logical name, or "" if the
// file does not exist (an optional asset).
func (a *Assets) URL(logical string) string {
	h, ok := a.byLogical[logical]
	if !ok {
		return ""
	}
	return "/static/" + h
}

// Has reports whether a static file exists.
func (a *Assets) Has(logical string) bool { _, ok := a.byLogical[logical]; return ok }

// Asset is shorthand for StaticAssets.URL, for use in templates.
func Asset(logical string) string { return StaticAssets.URL(logical) }

// ServeHTTP serves /static/<hashed name> with a long cache lifetime; an
// unknown name is a 404.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	logical, ok := a.byHashed[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, a.fs, logical)
}
