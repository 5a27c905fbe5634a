from django.urls import path

from kechuang.plans import lifecycle_views, review_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("upload/", views.plan_upload, name="upload"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/review/", review_views.plan_review, name="review"),
    path("<int:pk>/review/save/", review_views.review_save, name="review_save"),
    path(
        "<int:pk>/review/indicators/<int:indicator_pk>/merge/",
        review_views.merge_indicator,
        name="merge_indicator",
    ),
    path("<int:pk>/review/drop/", review_views.drop_indicators, name="drop_indicators"),
    path("<int:pk>/review/suggestions/accept/", review_views.accept_suggestions, name="accept_suggestions"),
    path("<int:pk>/review/removals/<int:removal_pk>/undo/", review_views.undo_removal, name="undo_removal"),
    path("<int:pk>/submit/", lifecycle_views.plan_submit, name="submit"),
    path("<int:pk>/publish/", lifecycle_views.plan_publish, name="publish"),
    path("<int:pk>/withdraw/", lifecycle_views.plan_withdraw, name="withdraw"),
    path("<int:pk>/revise/", lifecycle_views.plan_revise, name="revise"),
    path("<int:pk>/duplicate/", lifecycle_views.plan_duplicate, name="duplicate"),
]
