package web

import "github.com/go-chi/chi/v5"

// zorgovereenkomstRoutes mounts the agreement pages of every party.
func (s *Server) zorgovereenkomstRoutes(r chi.Router) {}
