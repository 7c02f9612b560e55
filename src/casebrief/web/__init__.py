"""The reviewer page: server-rendered HTML over the HTTP service (``GET /cases/{id}``)."""
