package web

import (
	"errors"
	"net"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"pgbportaal/internal/audit"
	"pgbportaal/internal/auth"
	"pgbportaal/internal/auth/loginlimit"
	"pgbportaal/web/pages"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := auth.ActorFrom(r.Context()); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	flash := ""
	if r.URL.Query().Get("afgebroken") != "" {
		flash = "Het inloggen is afgebroken. U kunt het opnieuw proberen."
	}
	s.render(w, r, http.StatusOK, pages.Login(s.page(r, "Inloggen"), flash))
}

// loginStart binds a fresh state, nonce and PKCE verifier to a pre-login
// session and sends the person to the identity provider.
func (s *Server) loginStart(w http.ResponseWriter, r *http.Request) {
	rp, ok := s.rps[auth.Means(chi.URLParam(r, "means"))]
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	if !s.loginAllowed(w, r, loginlimit.Client, clientAddr(r)) {
		return
	}
	pend, url, err := rp.Start(r.Context())
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	sess := sessionFrom(r)
	delete(sess.Values, keyActor)
	delete(sess.Values, keyOptions)
	sess.Values[keyPending] = pend
	if !s.saveSession(w, r, sess) {
		return
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// loginCallback finishes the login: checks state and nonce, verifies the ID
// token, applies the access rules and starts a new session (new id).
func (s *Server) loginCallback(w http.ResponseWriter, r *http.Request) {
	means := auth.Means(chi.URLParam(r, "means"))
	rp, ok := s.rps[means]
	if !ok {
		s.renderError(w, r, errNotFound)
		return
	}
	sess := sessionFrom(r)
	pend, _ := sess.Values[keyPending].(auth.Pending)
	delete(sess.Values, keyPending)
	failed := func(err error) {
		audit.Record(r.Context(), s.pool, audit.Entry{Actor: &auth.Actor{Means: means}, Action: "inloggen", Outcome: audit.Failed})
		s.log.Warn("login failed", "request_id", middleware.GetReqID(r.Context()), "means", means, "err", err)
		_ = s.sessions.Save(r, w, sess)
		s.renderStatus(w, r, http.StatusForbidden, "Het inloggen is niet gelukt. Probeer het opnieuw vanaf de pagina Inloggen.")
	}
	q := r.URL.Query()
	if q.Get("error") != "" {
		_ = s.sessions.Save(r, w, sess)
		http.Redirect(w, r, "/inloggen?afgebroken=1", http.StatusSeeOther)
		return
	}
	if pend.Means != means {
		failed(errors.New("no pending login for this means"))
		return
	}
	id, err := rp.Finish(r.Context(), pend, q.Get("state"), q.Get("code"), q.Get("iss"))
	if err != nil {
		failed(err)
		return
	}
	if !s.loginAllowed(w, r, loginlimit.Identifier, identifierOf(id)) {
		return
	}
	opts, err := auth.Resolve(r.Context(), s.pool, id, s.now())
	var refusal *auth.Refusal
	if errors.As(err, &refusal) {
		audit.Record(r.Context(), s.pool, audit.Entry{Actor: &auth.Actor{Means: means}, Action: "inloggen", ObjectID: refusal.Code, Outcome: audit.Refused})
		_ = s.sessions.Save(r, w, sess)
		s.render(w, r, http.StatusForbidden, pages.Refusal(s.page(r, refusal.Heading), refusal.Heading, refusal.Message))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// A new session id at login: whatever id existed before is worthless now.
	if err := s.sessions.Rotate(w, r, sess); err != nil {
		s.renderError(w, r, err)
		return
	}
	for k := range sess.Values {
		delete(sess.Values, k)
	}
	next := "/"
	if len(opts) == 1 {
		sess.Values[keyActor] = opts[0].Actor
	} else {
		next = "/kies-rol"
	}
	sess.Values[keyOptions] = opts
	if !s.saveSession(w, r, sess) {
		return
	}
	a := opts[0].Actor
	audit.Record(r.Context(), s.pool, audit.Entry{Actor: &a, Action: "inloggen", Outcome: audit.OK})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) chooseRolePage(w http.ResponseWriter, r *http.Request) {
	opts, _ := sessionFrom(r).Values[keyOptions].([]auth.Option)
	if len(opts) == 0 {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, pages.ChooseRole(s.page(r, "Kies voor wie u inlogt"), roleOptions(opts, r), ""))
}

func roleOptions(opts []auth.Option, r *http.Request) []pages.RoleOption {
	cur, _ := auth.ActorFrom(r.Context())
	out := make([]pages.RoleOption, len(opts))
	for i, o := range opts {
		out[i] = pages.RoleOption{Value: strconv.Itoa(i), Label: o.Label,
			Current: cur.Role == o.Actor.Role && cur.BudgethouderID == o.Actor.BudgethouderID && cur.ZorgverlenerID == o.Actor.ZorgverlenerID}
	}
	return out
}

func (s *Server) chooseRole(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r)
	opts, _ := sess.Values[keyOptions].([]auth.Option)
	if len(opts) == 0 {
		http.Redirect(w, r, "/inloggen", http.StatusSeeOther)
		return
	}
	i, err := strconv.Atoi(r.PostFormValue("keuze"))
	if err != nil || i < 0 || i >= len(opts) {
		s.render(w, r, http.StatusUnprocessableEntity, pages.ChooseRole(s.page(r, "Kies voor wie u inlogt"),
			roleOptions(opts, r), "Kies voor wie u het PGB Portaal wilt gebruiken."))
		return
	}
	// Acting for someone else is a change of privilege: new session id.
	if err := s.sessions.Rotate(w, r, sess); err != nil {
		s.renderError(w, r, err)
		return
	}
	a := opts[i].Actor
	sess.Values[keyActor] = a
	if !s.saveSession(w, r, sess) {
		return
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Actor: &a, Action: "kies-rol", Outcome: audit.OK})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logout destroys the session on the server: a replayed cookie finds nothing.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	sess := sessionFrom(r)
	if a, ok := auth.ActorFrom(r.Context()); ok {
		audit.Record(r.Context(), s.pool, audit.Entry{Actor: &a, Action: "uitloggen", Outcome: audit.OK})
	}
	if err := s.sessions.Destroy(w, r, sess); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/uitgelogd", http.StatusSeeOther)
}

func (s *Server) loggedOut(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, pages.LoggedOut(s.page(r, "U bent uitgelogd")))
}

// loginAllowed counts a login attempt of a client or an identifier and, over
// the limit, answers 429 with the Dutch explanation and when to try again.
func (s *Server) loginAllowed(w http.ResponseWriter, r *http.Request, kind loginlimit.Kind, value string) bool {
	ok, retry, err := s.logins.Hit(r.Context(), kind, value, s.now())
	if err != nil {
		s.renderError(w, r, err)
		return false
	}
	if ok {
		return true
	}
	audit.Record(r.Context(), s.pool, audit.Entry{Actor: &auth.Actor{Means: auth.Means(chi.URLParam(r, "means"))},
		Action: "inloggen", ObjectType: "limiet", ObjectID: string(kind), Outcome: audit.Refused})
	s.log.Warn("login limit reached", "request_id", middleware.GetReqID(r.Context()), "per", string(kind))
	minutes := int(retry.Minutes()) + 1
	w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())+1))
	s.renderStatus(w, r, http.StatusTooManyRequests, "U heeft te vaak geprobeerd in te loggen. Wacht "+strconv.Itoa(minutes)+
		" minuten en probeer het dan opnieuw.")
	return false
}

// clientAddr is the address the request came from. The portal does not
// trust forwarding headers: a proxy in front of it must be the one to limit.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// identifierOf is who logged in, as the identity provider says: the BSN, the
// organisation with its employee, or the AGB-code.
func identifierOf(id auth.Identity) string {
	return string(id.Means) + "|" + id.BSN + "|" + id.KvK + "|" + id.ActingSubject + "|" + id.AGB
}
