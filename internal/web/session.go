package web

import (
	"context"
	"encoding/gob"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"
	"github.com/gorilla/sessions"

	"pgbportaal/internal/apperr"
	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
)

func init() {
	gob.Register(auth.Pending{})
	gob.Register([]auth.Option{})
}

// Session keys.
const (
	keyActor   = "actor"
	keyPending = "pending"
	keyOptions = "options"
	keyFlash   = "flash"
)

type sessionKey struct{}

// loadSession reads the server-side session and, when someone is logged in,
// puts the actor (and with it the database scope) into the request context.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.sessions.New(r, "")
		if err != nil {
			// The database is away: say so, and leave the cookie alone so
			// the session continues once it is back.
			s.log.Warn("session load failed", "request_id", middleware.GetReqID(r.Context()), "err", err)
			s.renderStatus(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)), http.StatusServiceUnavailable,
				"Het PGB Portaal is even niet bereikbaar. Probeer het over enkele minuten opnieuw; er is niets verloren gegaan.")
			return
		}
		ctx := context.WithValue(r.Context(), sessionKey{}, sess)
		if a, ok := sess.Values[keyActor].(auth.Actor); ok && a.Role != "" {
			ctx = auth.WithActor(ctx, a)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func sessionFrom(r *http.Request) *sessions.Session {
	sess, _ := r.Context().Value(sessionKey{}).(*sessions.Session)
	return sess
}

// requireLogin sends anonymous visitors to the login page.
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := auth.ActorFrom(r.Context()); !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
				return
			}
			s.renderStatus(w, r, http.StatusUnauthorized, "U bent niet (meer) ingelogd. Log opnieuw in.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireRole lets only the given roles through; others get 403.
func (s *Server) requireRole(roles ...auth.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return s.requireLogin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, _ := auth.ActorFrom(r.Context())
			for _, role := range roles {
				if a.Role == role {
					next.ServeHTTP(w, r)
					return
				}
			}
			audit.Record(r.Context(), s.pool, audit.Entry{Action: "toegang", ObjectType: "route", ObjectID: r.Method + " " + routePattern(r), Outcome: audit.Refused})
			s.renderError(w, r, apperr.ErrForbidden)
		}))
	}
}

// refuseWritesWhenReadOnly turns away every state-changing request of a
// read-only budgethouder (a gevolmachtigde manages their pgb).
func (s *Server) refuseWritesWhenReadOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a, ok := auth.ActorFrom(r.Context()); ok && a.ReadOnly && r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.renderError(w, r, apperr.WithCode(http.StatusForbidden,
				"U kunt uw pgb alleen bekijken. Uw gevolmachtigde regelt wijzigingen.", errors.New("read-only actor wrote")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// saveSession writes the session; a failure is logged and shown as an error.
func (s *Server) saveSession(w http.ResponseWriter, r *http.Request, sess *sessions.Session) bool {
	if err := s.sessions.Save(r, w, sess); err != nil {
		s.renderError(w, r, err)
		return false
	}
	return true
}
