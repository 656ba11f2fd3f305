"""The local web app for clinic staff: a form over the project and a JSON API (Flask), above build.

    app.create_app(service.Studio.open(root))   the Flask app: `/`, POST /api/pdf, POST /api/preview
    orders.parse_order(project, body)          a request -> the combination and clinic, or errors by field
    service.Studio                             the project loaded once; PDFs and page images, one at a time
    catalogue                                  what the form offers, with each choice's description
    messages                                   the page's words and error messages, in English and Spanish
"""
