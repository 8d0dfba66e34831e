"""Flask entry point: bisslog-flask registers one route per HTTP trigger in metadata.yml.

Run from the project root (bisslog resolves metadata.yml and the use cases from there):
    flask --app src.infra.entry_points.flask.app run
    gunicorn src.infra.entry_points.flask.app:app
"""

from bisslog.exceptions.domain_exception import DomainException
from bisslog_flask import BisslogFlask
from flask import Flask, jsonify

from src.infra.entry_points.errors import error_body, status_for

METADATA_FILE = "metadata.yml"
USE_CASES_FOLDER = "src/domain/use_cases"
# Only the setup module: importing all of src/infra would build the other entry points too.
INFRA_PATH = "src.infra.setup"


def _domain_error(exc: DomainException):
    return jsonify(error_body(exc)), status_for(exc)


def create_app() -> Flask:
    app = Flask(__name__)
    # bisslog-flask maps no exception to a status; NotFound and NotAllowed subclass this one.
    app.register_error_handler(DomainException, _domain_error)
    return BisslogFlask(
        metadata_file=METADATA_FILE,
        use_cases_folder_path=USE_CASES_FOLDER,
        infra_path=INFRA_PATH,
        app=app,
    )


app = create_app()
