package web

import (
	"fmt"

	"github.com/go-chi/chi/v5"
)

// RouteTable returns the portal's route table as built by New, so that tests
// can walk every route (chi.Walk) and fail when a new page is not covered.
func RouteTable(d Deps) (chi.Routes, error) {
	s, err := newServer(d)
	if err != nil {
		return nil, err
	}
	rt, ok := s.routes().(chi.Routes)
	if !ok {
		return nil, fmt.Errorf("web: the route table is not a chi router")
	}
	return rt, nil
}
