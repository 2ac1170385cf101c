"""gunicorn's settings that bin/start gives it (`--config python:newsarchive.gunicorn_conf`); the rest
(bind, workers, logs) are bin/start's flags.

The master loads and warms the application once (`preload_app`: newsarchive/wsgi.py renders the home
page, an article and a search, newsarchive/warmup.py) and then forks the workers, which start with it
loaded: on two cores, five workers each importing Django and compiling the templates at once took
seconds, and the first visitors waited behind them (issue 16). Each worker, before it takes a request,
renders the same pages once more on its own database connection (`post_fork`), which it keeps.

With `preload_app`, a HUP reloads the configuration but not the code; restart to deploy new code.
"""

preload_app = True


def post_fork(server, worker):
    from newsarchive.warmup import warm
    from newsarchive.wsgi import application

    warm(application, keep_connection=True)
