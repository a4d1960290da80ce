"""The web application: browser pages and the JSON API over :mod:`jixiao.api` and
:mod:`jixiao.store`. ``create_app(settings)`` in :mod:`jixiao.web.app` builds it."""
