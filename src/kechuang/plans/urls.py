from django.urls import path

from kechuang.plans import review_views, views

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
    path("<int:pk>/review/removals/<int:removal_pk>/undo/", review_views.undo_removal, name="undo_removal"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
]
