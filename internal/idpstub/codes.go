package idpstub

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"sync"
	"time"
)

// grant is what an authorization code stands for until it is redeemed.
type grant struct {
	clientID      string
	redirectURI   string
	codeChallenge string // base64url(SHA-256(verifier)), RFC 7636 S256
	nonce         string
	scope         string
	claims        map[string]any // identifier claims and acr, without the standard ones
	authTime      time.Time
	expires       time.Time
	used          bool
}

// codeStore keeps issued authorization codes in memory.
type codeStore struct {
	mu     sync.Mutex
	grants map[string]*grant
}

var (
	errCodeUnknown = errors.New("authorization code unknown or expired")
	errCodeUsed    = errors.New("authorization code already used")
	errCodeExpired = errors.New("authorization code expired")
)

func newCodeStore() *codeStore { return &codeStore{grants: map[string]*grant{}} }

// issue stores g under a fresh random code and returns the code.
func (s *codeStore) issue(g *grant, now time.Time) string {
	code := randomToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	for c, old := range s.grants {
		if now.After(old.expires) {
			delete(s.grants, c)
		}
	}
	s.grants[code] = g
	return code
}

// redeem marks the code used and returns its grant. A code can be presented
// once: every later presentation fails, whatever happened to the first.
func (s *codeStore) redeem(code string, now time.Time) (*grant, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.grants[code]
	switch {
	case !ok:
		return nil, errCodeUnknown
	case g.used:
		return nil, errCodeUsed
	}
	g.used = true
	if now.After(g.expires) {
		return nil, errCodeExpired
	}
	return g, nil
}

// randomToken is 256 random bits, base64url without padding.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return b64(b)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
