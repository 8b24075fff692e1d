"""`tarjama batch`: folders of articles to bilingual briefings — a thin adapter over `models`.

Modules: `cli` (the command), `options` (what a run is asked to do), `sources` (walking and reading
inputs), `scanner` (what each article needs: skip, duplicate or process), `briefings` (decode, clean,
compose and render, shared by the local and the Ray engine), `outputs` (safe names, atomic writes),
`manifest` (SQLite record of every article), `runner` (the local pipeline), `ray_engine` (the same
pipeline on Ray Data), `progress` and `report`.
"""
