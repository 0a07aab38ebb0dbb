"""Celery workers for Studio: the app (app.py), thin tasks that take ids and call studio
functions (tasks.py), and what a client needs to submit, follow and cancel (client.py).

    celery -A workers.app worker --queues gpu,api,cpu     # or: studio worker
"""
