package apirt

// This file is what apigen generates for the definition deskDefinition
// below (testdata/golden/server/desk.json): the request tables and enum
// types that the client half declares, then the server half exactly as
// apigen generate --server writes it. The server tests drive it with raw
// HTTP requests. TestDeskTablesAreGenerated checks the tables against the
// runtime's, and TestDeskServerIsGenerated (generator/golang) the server
// half and the definition against the generator's output: after a change
// of the generator, copy the server half from
// testdata/golden/server/server.gen.go.

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
)

// deskDefinition is the definition that this file implements.
const deskDefinition = `{
  "_url": "https://desk.example.com/api/v2",
  "views": "open,pending,solved,all_tickets",
  "ping": ["GET", "ping.json"],
  "Ticket": {
    "root": "/tickets",
    "list": ["GET", "{root}.json?view={view:open:{views}}&page={page:}&per_page={per_page:25}"],
    "get": ["GET", "{root}/{ticket_id}.json"],
    "count": ["GET", "{root}/count.json?view={view:open:{views}}"],
    "create": ["POST", "{root}.json", "ticket"],
    "update": ["PUT", "{root}/{ticket_id}.json", ["ticket", "notify:"]],
    "Note": {
      "root": "{root}/{ticket_id}/notes",
      "get": ["GET", "{root}/{note_id}.json"],
      "add": ["POST", "{root}.json", ["body", "visibility:public:public,private"]]
    }
  },
  "File": {
    "root": "/files/{file_id}",
    "get": ["GET", "{root}"],
    "download": ["GET", "{root}?download=1"],
    "version": ["GET", "{root}?version={version}"]
  },
  "User": {
    "root": "/users",
    "me": ["GET", "{root}/me.json"],
    "get": ["GET", "{root}/{user_id}.json"],
    "find": ["GET", "{root}/{login}"],
    "search": ["GET", "{root}?{field::name,email}={value:}"]
  }
}`

// The client half: request tables and enum types.

// TicketView is a value the API accepts for a parameter: one of its constants.
type TicketView string

// Values of TicketView.
const (
	TicketViewOpen       TicketView = "open"
	TicketViewPending    TicketView = "pending"
	TicketViewSolved     TicketView = "solved"
	TicketViewAllTickets TicketView = "all_tickets"
)

var ticketViewValues = []string{"open", "pending", "solved", "all_tickets"}

// UserField is a value the API accepts for a parameter: one of its constants.
type UserField string

// Values of UserField.
const (
	UserFieldName  UserField = "name"
	UserFieldEmail UserField = "email"
)

var userFieldValues = []string{"name", "email"}

var pingEndpoint = table{method: "GET", name: "Ping", url: "ping.json"}
var ticketListEndpoint = table{method: "GET", name: "Ticket.List", url: "tickets.json?view={view:open:open,pending,solved,all_tickets}&page={page:}&per_page={per_page:25}"}
var ticketGetEndpoint = table{method: "GET", name: "Ticket.Get", url: "tickets/{ticket_id}.json"}
var ticketCountEndpoint = table{method: "GET", name: "Ticket.Count", url: "tickets/count.json?view={view:open:open,pending,solved,all_tickets}"}
var ticketCreateEndpoint = table{method: "POST", name: "Ticket.Create", url: "tickets.json", body: "{ticket}"}
var ticketUpdateEndpoint = table{method: "PUT", name: "Ticket.Update", url: "tickets/{ticket_id}.json", body: "{ticket} {notify:}"}
var ticketNoteGetEndpoint = table{method: "GET", name: "Ticket.Note.Get", url: "tickets/{ticket_id}/notes/{note_id}.json"}
var ticketNoteAddEndpoint = table{method: "POST", name: "Ticket.Note.Add", url: "tickets/{ticket_id}/notes.json", body: "{body} {visibility:public:public,private}"}
var fileGetEndpoint = table{method: "GET", name: "File.Get", url: "files/{file_id}"}
var fileDownloadEndpoint = table{method: "GET", name: "File.Download", url: "files/{file_id}?download=1"}
var fileVersionEndpoint = table{method: "GET", name: "File.Version", url: "files/{file_id}?version={version}"}
var userMeEndpoint = table{method: "GET", name: "User.Me", url: "users/me.json"}
var userGetEndpoint = table{method: "GET", name: "User.Get", url: "users/{user_id}.json"}
var userFindEndpoint = table{method: "GET", name: "User.Find", url: "users/{login}"}
var userSearchEndpoint = table{method: "GET", name: "User.Search", url: "users?{field::name,email}={value:}"}

// The server half, as apigen generate --server writes it.

// Service is the desk API as its server implements it: a method per method
// of the definition, in definition order. Each gets the request's parameters,
// checked and with defaults applied, and returns the reply's body, a *Reply,
// or an error (see NewHandler). Embed UnimplementedService in an
// implementation to implement a subset of the methods.
type Service interface {
	Ping(ctx context.Context, req *PingRequest) (any, error)
	TicketList(ctx context.Context, req *TicketListRequest) (any, error)
	TicketGet(ctx context.Context, req *TicketGetRequest) (any, error)
	TicketCount(ctx context.Context, req *TicketCountRequest) (any, error)
	TicketCreate(ctx context.Context, req *TicketCreateRequest) (any, error)
	TicketUpdate(ctx context.Context, req *TicketUpdateRequest) (any, error)
	TicketNoteGet(ctx context.Context, req *TicketNoteGetRequest) (any, error)
	TicketNoteAdd(ctx context.Context, req *TicketNoteAddRequest) (any, error)
	FileGet(ctx context.Context, req *FileGetRequest) (any, error)
	FileDownload(ctx context.Context, req *FileDownloadRequest) (any, error)
	FileVersion(ctx context.Context, req *FileVersionRequest) (any, error)
	UserMe(ctx context.Context, req *UserMeRequest) (any, error)
	UserGet(ctx context.Context, req *UserGetRequest) (any, error)
	UserFind(ctx context.Context, req *UserFindRequest) (any, error)
	UserSearch(ctx context.Context, req *UserSearchRequest) (any, error)
}

type (
	// PingRequest is the request of Ping: GET /ping.json.
	PingRequest struct{}
	// TicketListRequest is the request of Ticket.List: GET /tickets.json?view={view}&page={page}&per_page={per_page}.
	TicketListRequest struct {
		_       [0]func()
		View    TicketView // query parameter view; default "open"
		Page    string     // query parameter page
		PerPage string     // query parameter per_page; default "25"
	}
	// TicketGetRequest is the request of Ticket.Get: GET /tickets/{ticket_id}.json.
	TicketGetRequest struct {
		TicketID string // path parameter ticket_id; required
	}
	// TicketCountRequest is the request of Ticket.Count: GET /tickets/count.json?view={view}.
	TicketCountRequest struct {
		View TicketView // query parameter view; default "open"
	}
	// TicketCreateRequest is the request of Ticket.Create: POST /tickets.json.
	TicketCreateRequest struct {
		Ticket json.RawMessage // body parameter ticket (the whole body); required
	}
	// TicketUpdateRequest is the request of Ticket.Update: PUT /tickets/{ticket_id}.json.
	TicketUpdateRequest struct {
		TicketID string          // path parameter ticket_id; required
		Ticket   json.RawMessage // body parameter ticket; required
		Notify   json.RawMessage // body parameter notify
	}
	// TicketNoteGetRequest is the request of Ticket.Note.Get: GET /tickets/{ticket_id}/notes/{note_id}.json.
	TicketNoteGetRequest struct {
		_        [0]func()
		TicketID string // path parameter ticket_id; required
		NoteID   string // path parameter note_id; required
	}
	// TicketNoteAddRequest is the request of Ticket.Note.Add: POST /tickets/{ticket_id}/notes.json.
	TicketNoteAddRequest struct {
		TicketID   string          // path parameter ticket_id; required
		Body       json.RawMessage // body parameter body; required
		Visibility json.RawMessage // body parameter visibility; default "public"
	}
	// FileGetRequest is the request of File.Get: GET /files/{file_id}.
	FileGetRequest struct {
		FileID string // path parameter file_id; required
	}
	// FileDownloadRequest is the request of File.Download: GET /files/{file_id}?download=1.
	FileDownloadRequest struct {
		FileID string // path parameter file_id; required
	}
	// FileVersionRequest is the request of File.Version: GET /files/{file_id}?version={version}.
	FileVersionRequest struct {
		_       [0]func()
		FileID  string // path parameter file_id; required
		Version string // query parameter version; required
	}
	// UserMeRequest is the request of User.Me: GET /users/me.json.
	UserMeRequest struct{}
	// UserGetRequest is the request of User.Get: GET /users/{user_id}.json.
	UserGetRequest struct {
		UserID string // path parameter user_id; required
	}
	// UserFindRequest is the request of User.Find: GET /users/{login}.
	UserFindRequest struct {
		Login string // path parameter login; required
	}
	// UserSearchRequest is the request of User.Search: GET /users?{field}={value}.
	UserSearchRequest struct {
		_     [0]func()
		Field UserField // query key parameter field
		Value string    // query parameter value
	}
)

// UnimplementedService answers every method of Service with a 501
// *StatusError. Embed it in a service to implement a subset of the methods;
// the service keeps compiling when the definition grows. Both
// UnimplementedService and a pointer to it are a Service, and so is a
// struct that embeds it, or a pointer to one.
type UnimplementedService struct{}

// Ping returns a 501 *StatusError.
func (UnimplementedService) Ping(context.Context, *PingRequest) (any, error) {
	return unimplemented("Ping")
}

// TicketList returns a 501 *StatusError.
func (UnimplementedService) TicketList(context.Context, *TicketListRequest) (any, error) {
	return unimplemented("Ticket.List")
}

// TicketGet returns a 501 *StatusError.
func (UnimplementedService) TicketGet(context.Context, *TicketGetRequest) (any, error) {
	return unimplemented("Ticket.Get")
}

// TicketCount returns a 501 *StatusError.
func (UnimplementedService) TicketCount(context.Context, *TicketCountRequest) (any, error) {
	return unimplemented("Ticket.Count")
}

// TicketCreate returns a 501 *StatusError.
func (UnimplementedService) TicketCreate(context.Context, *TicketCreateRequest) (any, error) {
	return unimplemented("Ticket.Create")
}

// TicketUpdate returns a 501 *StatusError.
func (UnimplementedService) TicketUpdate(context.Context, *TicketUpdateRequest) (any, error) {
	return unimplemented("Ticket.Update")
}

// TicketNoteGet returns a 501 *StatusError.
func (UnimplementedService) TicketNoteGet(context.Context, *TicketNoteGetRequest) (any, error) {
	return unimplemented("Ticket.Note.Get")
}

// TicketNoteAdd returns a 501 *StatusError.
func (UnimplementedService) TicketNoteAdd(context.Context, *TicketNoteAddRequest) (any, error) {
	return unimplemented("Ticket.Note.Add")
}

// FileGet returns a 501 *StatusError.
func (UnimplementedService) FileGet(context.Context, *FileGetRequest) (any, error) {
	return unimplemented("File.Get")
}

// FileDownload returns a 501 *StatusError.
func (UnimplementedService) FileDownload(context.Context, *FileDownloadRequest) (any, error) {
	return unimplemented("File.Download")
}

// FileVersion returns a 501 *StatusError.
func (UnimplementedService) FileVersion(context.Context, *FileVersionRequest) (any, error) {
	return unimplemented("File.Version")
}

// UserMe returns a 501 *StatusError.
func (UnimplementedService) UserMe(context.Context, *UserMeRequest) (any, error) {
	return unimplemented("User.Me")
}

// UserGet returns a 501 *StatusError.
func (UnimplementedService) UserGet(context.Context, *UserGetRequest) (any, error) {
	return unimplemented("User.Get")
}

// UserFind returns a 501 *StatusError.
func (UnimplementedService) UserFind(context.Context, *UserFindRequest) (any, error) {
	return unimplemented("User.Find")
}

// UserSearch returns a 501 *StatusError.
func (UnimplementedService) UserSearch(context.Context, *UserSearchRequest) (any, error) {
	return unimplemented("User.Search")
}

// NewHandler returns an http.Handler that serves the desk API with svc.
// It routes each request to its method, checks every parameter as the client
// does (a 400 problem document lists all that fail), and writes what the
// method returns: nil as 204 No Content, a *Reply as it says, another value
// as 200 with its JSON; a *StatusError as its status, a *ValidationError as
// 400, any other error or a panic as 500. The router is built once, here.
func NewHandler(svc Service, opts ...HandlerOption) http.Handler {
	return newHandler(svc, serviceMethods, func(ctx context.Context, i int, req any) (any, error) {
		return callService(svc, ctx, i, req)
	}, opts)
}

// serviceMethods lists the methods of Service in definition order: the
// request table of each and its request type.
var serviceMethods = []serverMethod{
	{&pingEndpoint, (*PingRequest)(nil)},
	{&ticketListEndpoint, (*TicketListRequest)(nil)},
	{&ticketGetEndpoint, (*TicketGetRequest)(nil)},
	{&ticketCountEndpoint, (*TicketCountRequest)(nil)},
	{&ticketCreateEndpoint, (*TicketCreateRequest)(nil)},
	{&ticketUpdateEndpoint, (*TicketUpdateRequest)(nil)},
	{&ticketNoteGetEndpoint, (*TicketNoteGetRequest)(nil)},
	{&ticketNoteAddEndpoint, (*TicketNoteAddRequest)(nil)},
	{&fileGetEndpoint, (*FileGetRequest)(nil)},
	{&fileDownloadEndpoint, (*FileDownloadRequest)(nil)},
	{&fileVersionEndpoint, (*FileVersionRequest)(nil)},
	{&userMeEndpoint, (*UserMeRequest)(nil)},
	{&userGetEndpoint, (*UserGetRequest)(nil)},
	{&userFindEndpoint, (*UserFindRequest)(nil)},
	{&userSearchEndpoint, (*UserSearchRequest)(nil)},
}

// callService calls method i of serviceMethods on svc with req, a request
// of its type.
func callService(svc Service, ctx context.Context, i int, req any) (any, error) {
	switch i {
	case 0:
		return svc.Ping(ctx, req.(*PingRequest))
	case 1:
		return svc.TicketList(ctx, req.(*TicketListRequest))
	case 2:
		return svc.TicketGet(ctx, req.(*TicketGetRequest))
	case 3:
		return svc.TicketCount(ctx, req.(*TicketCountRequest))
	case 4:
		return svc.TicketCreate(ctx, req.(*TicketCreateRequest))
	case 5:
		return svc.TicketUpdate(ctx, req.(*TicketUpdateRequest))
	case 6:
		return svc.TicketNoteGet(ctx, req.(*TicketNoteGetRequest))
	case 7:
		return svc.TicketNoteAdd(ctx, req.(*TicketNoteAddRequest))
	case 8:
		return svc.FileGet(ctx, req.(*FileGetRequest))
	case 9:
		return svc.FileDownload(ctx, req.(*FileDownloadRequest))
	case 10:
		return svc.FileVersion(ctx, req.(*FileVersionRequest))
	case 11:
		return svc.UserMe(ctx, req.(*UserMeRequest))
	case 12:
		return svc.UserGet(ctx, req.(*UserGetRequest))
	case 13:
		return svc.UserFind(ctx, req.(*UserFindRequest))
	case 14:
		return svc.UserSearch(ctx, req.(*UserSearchRequest))
	}
	panic("callService: no method " + strconv.Itoa(i))
}
