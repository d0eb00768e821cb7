"""The web desk (`captions serve`) and the offline report (`captions report`).

    app.py      FastAPI: the pages and the JSON API (imported only by `captions serve`)
    check.py    POST /api/check: one caption in, the record and a verdict a CMS can act on
    params.py   query parameters -> catalogue Filters, checked like the CLI's options
    stats.py    the counts the charts and the audit show, read from the catalogue
    charts.py   those counts -> bars of inline SVG
    render.py   the Jinja2 templates (autoescaped) and the one stylesheet
    report.py   the charts and the audit as one self-contained HTML file

Nothing here but app.py imports FastAPI: `captions report` needs Jinja2 only.
"""
